/** Weekly hours grouped by weekday, for display: [[1, '09:00–12:00, 13:30–16:30'], …]. */
export function weeklyByDay(
	weekly: { weekday: number; start: string; end: string }[]
): [number, string][] {
	const days = new Map<number, string[]>();
	for (const w of [...weekly].sort(
		(a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start)
	)) {
		days.set(w.weekday, [...(days.get(w.weekday) ?? []), `${w.start}–${w.end}`]);
	}
	return [...days.entries()].map(([day, ranges]) => [day, ranges.join(', ')]);
}
