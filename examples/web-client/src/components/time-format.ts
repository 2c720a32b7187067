// Intl formatters are costly to create (tens of milliseconds for the first ones): one of each, made once.
const exactFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'short' });
const clockFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', month: 'long', day: 'numeric', year: 'numeric' });

/** The full date and time, for a tooltip: "Sunday, 1 November 2026 at 08:00". */
export const exactTime = (iso: string) => exactFormat.format(Date.parse(iso));
/** The time of day: "08:00". */
export const clockTime = (iso: string) => clockFormat.format(Date.parse(iso));
/** A day in words: "Sunday, November 1, 2026". */
export const dayName = (date: Date) => dayFormat.format(date);
