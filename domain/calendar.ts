// Business days in the company time zone. Revocation must finish "the same business day" (PRODUCT.md §3)
// and a leaver's last day ends at the end of that day in the company time zone.
import { DateTime } from 'luxon';
import { assertZone, parseInstant, TimeError, toIsoInstant } from './instant';

/** A local calendar date, YYYY-MM-DD. */
export type LocalDate = string;

/**
 * A business calendar. Only `zone` is needed today; `holidays` (local dates) and `weekend` (ISO weekday
 * numbers, 1 = Monday … 7 = Sunday) are where per-country holidays and other working weeks plug in.
 */
export interface BusinessCalendar {
  zone: string;
  weekend?: readonly number[];
  holidays?: readonly LocalDate[];
}

/** Either an IANA zone name (Monday–Friday, no holidays) or a full calendar. */
export type CalendarLike = string | BusinessCalendar;

const DEFAULT_WEEKEND: readonly number[] = [6, 7];
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toCalendar(c: CalendarLike): Required<BusinessCalendar> {
  const cal = typeof c === 'string' ? { zone: c } : c;
  assertZone(cal.zone);
  return { zone: cal.zone, weekend: cal.weekend ?? DEFAULT_WEEKEND, holidays: cal.holidays ?? [] };
}

/** Midnight (or the first existing instant, if midnight is skipped by a DST change) of `date` in `zone`. */
function localStart(date: LocalDate, zone: string): DateTime {
  assertZone(zone);
  if (!LOCAL_DATE.test(date)) throw new TimeError(`'${date}' is not a date YYYY-MM-DD`);
  const dt = DateTime.fromISO(date, { zone });
  if (!dt.isValid) throw new TimeError(`'${date}' is not a real calendar date`);
  return dt.startOf('day');
}

function toLocalDate(dt: DateTime): LocalDate {
  const d = dt.toISODate();
  if (d === null) throw new TimeError('cannot format an invalid date');
  return d;
}

/** The first instant of `date` in `zone`, as a UTC ISO instant. */
export function startOfDay(date: LocalDate, zone: string): string {
  return toIsoInstant(localStart(date, zone));
}

/**
 * The end of `date` in `zone`, as a UTC ISO instant. By choice this is the START of the next local day
 * (an exclusive end, like the end of a half-open interval): a timer set for it fires exactly when the day
 * is over, with no 23:59:59.999 fudge, and the day is 23 or 25 hours long across DST changes.
 */
export function endOfDay(date: LocalDate, zone: string): string {
  return toIsoInstant(localStart(date, zone).plus({ days: 1 }).startOf('day'));
}

/** The local date of an instant in `zone`. */
export function localDateOf(instantIso: string, zone: string): LocalDate {
  return toLocalDate(parseInstant(instantIso, zone));
}

/** True on a working day: not a weekend day and not a holiday. */
export function isBusinessDay(date: LocalDate, calendar: CalendarLike): boolean {
  const cal = toCalendar(calendar);
  return isWorkingDay(localStart(date, cal.zone), cal);
}

function isWorkingDay(day: DateTime, cal: Required<BusinessCalendar>): boolean {
  return !cal.weekend.includes(day.weekday) && !cal.holidays.includes(toLocalDate(day));
}

/**
 * `date` moved by `n` business days, like a spreadsheet's WORKDAY: the start date itself is not counted,
 * n > 0 goes forward, n < 0 back, n = 0 returns `date` unchanged (even on a weekend).
 */
export function addBusinessDays(date: LocalDate, n: number, calendar: CalendarLike): LocalDate {
  if (!Number.isInteger(n)) throw new TimeError(`business days must be a whole number, got ${n}`);
  const cal = toCalendar(calendar);
  const step = n < 0 ? -1 : 1;
  let current = localStart(date, cal.zone);
  let remaining = Math.abs(n);
  // A calendar with every weekday off would loop for ever; 400 calendar days per business day is plenty.
  let guard = 400 * (remaining + 1);
  while (remaining > 0) {
    current = current.plus({ days: step });
    if (isWorkingDay(current, cal)) remaining -= 1;
    if (--guard < 0) throw new TimeError('the calendar has no business days');
  }
  return toLocalDate(current);
}

/** `date` if it is a business day, else the next business day after it. */
export function nextBusinessDayOnOrAfter(date: LocalDate, calendar: CalendarLike): LocalDate {
  return isBusinessDay(date, calendar) ? date : addBusinessDays(date, 1, calendar);
}

/**
 * The deadline by which revocation starting at `instantIso` must finish: the end (see endOfDay) of the
 * business day the instant falls on, or of the next business day when it falls on a weekend or holiday.
 * With the exclusive end, an instant exactly at local midnight belongs to the day that starts then.
 */
export function endOfBusinessDay(instantIso: string, calendar: CalendarLike): string {
  const cal = toCalendar(calendar);
  const day = localDateOf(instantIso, cal.zone);
  return endOfDay(nextBusinessDayOnOrAfter(day, cal), cal.zone);
}
