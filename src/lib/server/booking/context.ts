import { getDb } from '$lib/server/db/client';
import { BookingService } from './service';
import { createBookingEvents } from './events';

/** The booking service over the process-wide database. */
export function bookingService(): BookingService {
	return new BookingService(getDb(), createBookingEvents());
}
