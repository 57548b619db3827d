import { getDb } from '$lib/server/db/client';
import { env } from '$lib/server/env';
import { BookingService } from './service';
import { createBookingEvents } from './events';

/** The booking service over the process-wide database, with the configured limits (ADR 026). */
export function bookingService(): BookingService {
	const { BOOKING_MAX_UPCOMING_PER_PERSON, BOOKING_MAX_PER_ADDRESS } = env();
	return new BookingService(getDb(), createBookingEvents(), undefined, {
		perPerson: BOOKING_MAX_UPCOMING_PER_PERSON,
		perAddress: BOOKING_MAX_PER_ADDRESS
	});
}
