"""Business time: which days are worked, where, and during which hours.

A :class:`WorkCalendar` is a value: a weekmask (seven ``0``/``1`` characters, Monday first, as in
numpy), a set of holidays, an IANA time zone and the working hours. Business-day arithmetic follows
``numpy.busday_offset`` and ``numpy.busday_count`` exactly and costs O(log H) in the number of
holidays and nothing in the number of days: dates are handled as ordinals, whole weeks are counted
with a per-weekday prefix table and holidays with a binary search.

>>> import pendulum
>>> from accountexec.calendars import WorkCalendar
>>> cal = WorkCalendar(holidays=[pendulum.date(2026, 5, 25)], timezone="Europe/London")
>>> cal.add_business_days(pendulum.date(2026, 5, 22), 1)
Date(2026, 5, 26)
>>> cal.business_days_between(pendulum.date(2026, 5, 18), pendulum.date(2026, 6, 1))
9
"""

from __future__ import annotations

import datetime as _dt
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, Literal, get_args

import attrs
import pendulum

from accountexec import _lazy, _optional
from accountexec._fields import to_timezone_name
from accountexec.errors import CalendarError, ValidationError

if TYPE_CHECKING:
    import holidays as _holidays
else:  # imported by the first country calendar (see accountexec._lazy)
    _holidays = _lazy.module("holidays")

__all__ = ["DEFAULT_YEARS", "MAX_BUSINESS_HOURS", "Roll", "WorkCalendar"]

Roll = Literal["following", "preceding", "modified_following", "modified_preceding"]
"""How a date that is not a business day moves to one (the names of ISDA's conventions)."""

_ROLLS: Final = frozenset(get_args(Roll))

DEFAULT_YEARS: Final = (1970, 2100)
"""The years a :meth:`WorkCalendar.for_country` calendar covers unless told otherwise."""

_MIN_ORDINAL: Final = _dt.date.min.toordinal()
_MAX_ORDINAL: Final = _dt.date.max.toordinal()
_US_PER_HOUR: Final = 3_600_000_000
_EPOCH_ORDINAL: Final = _dt.date(1970, 1, 1).toordinal()  # day 0 of numpy's datetime64[D]
# a shift of more business days than there are days Python can represent always leaves the range:
# clamping keeps the batch arithmetic in int64 and gives the same refusal as the scalar method
_MAX_SHIFT: Final = 2 * _MAX_ORDINAL
_SPAN_LIMIT: Final = 200_000  # days tabulated one by one for the batch methods (~550 years)

MAX_BUSINESS_HOURS: Final = 100_000_000
"""The most hours :meth:`WorkCalendar.add_business_hours` takes: more than every hour, worked or
not, from year 1 to 9999 (about 87.6 million), so no answer is lost, and a bigger number is
refused before it is turned into microseconds."""
_MAX_HOURS_DELTA: Final = _dt.timedelta(hours=MAX_BUSINESS_HOURS)
_NO_TIME: Final = _dt.timedelta(0)
_SMALLEST_HOURS_EXPONENT: Final = -12  # 1E-12 hours is 3.6 nanoseconds


# --------------------------------------------------------------------------------------------
# converters and validators
# --------------------------------------------------------------------------------------------


def _ordinal(value: object, field: str) -> int:
    """The proleptic ordinal of a date; a datetime or anything else is refused."""
    kind = type(value)
    if kind is pendulum.Date or kind is _dt.date:  # the hot path: skip the isinstance checks
        return value.toordinal()  # type: ignore[attr-defined, no-any-return]
    if isinstance(value, _dt.datetime):
        raise ValidationError(
            field, value, "a date, not a datetime (take .date() first if that is what you mean)"
        )
    if isinstance(value, _dt.date):
        return value.toordinal()
    raise ValidationError(field, value, "a date")


def _date(ordinal: int) -> pendulum.Date:
    """The pendulum Date of an ordinal."""
    d = _dt.date.fromordinal(ordinal)
    return pendulum.Date(d.year, d.month, d.day)


def _to_holidays(value: Iterable[_dt.date]) -> tuple[pendulum.Date, ...]:
    if isinstance(value, str | bytes | _dt.date) or not isinstance(value, Iterable):
        raise ValidationError("holidays", value, "an iterable of dates")
    ordinals = {_ordinal(d, "holidays") for d in value}
    return tuple(_date(o) for o in sorted(ordinals))


def _to_weekmask(value: object) -> str:
    if isinstance(value, str):
        mask = value.strip()
    elif isinstance(value, list | tuple) and all(v in (0, 1) for v in value):
        mask = "".join("1" if v else "0" for v in value)
    else:
        raise ValidationError("weekmask", value, "seven '0'/'1' characters, Monday first")
    if len(mask) != 7 or set(mask) - {"0", "1"}:
        raise ValidationError("weekmask", value, "seven '0'/'1' characters, Monday first")
    if "1" not in mask:
        raise ValidationError("weekmask", value, "at least one working weekday")
    return mask


def _to_time(value: object) -> pendulum.Time:
    if isinstance(value, str):
        try:
            value = _dt.time.fromisoformat(value)
        except ValueError:
            raise ValidationError("working_hours", value, "a time such as '09:00'") from None
    if not isinstance(value, _dt.time) or value.tzinfo is not None:
        raise ValidationError("working_hours", value, "a naive time such as '09:00'")
    return pendulum.Time(value.hour, value.minute, value.second, value.microsecond)


def _to_working_hours(value: object) -> tuple[pendulum.Time, pendulum.Time]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise ValidationError(
            "working_hours", value, "a pair (start, end) such as ('09:00', '17:30')"
        )
    start, end = _to_time(value[0]), _to_time(value[1])
    if not start < end:
        raise ValidationError(
            "working_hours",
            value,
            "a start before the end on the same day, such as ('09:00', '17:30')",
        )
    return start, end


def _to_covered_years(value: object) -> tuple[int, int] | None:
    return None if value is None else _to_years(value, "covered_years")


def _to_years(value: object, field: str = "years") -> tuple[int, int]:
    if isinstance(value, range):
        if value.step != 1 or len(value) == 0:
            raise ValidationError(field, value, "a non-empty range of consecutive years")
        value = (value.start, value.stop - 1)
    if (
        not isinstance(value, tuple | list)
        or len(value) != 2
        or not all(type(y) is int for y in value)
        or not 1 <= value[0] <= value[1] <= 9999
    ):
        raise ValidationError(field, value, "a pair (first, last) of years with first <= last")
    return int(value[0]), int(value[1])


def _holidays_repr(value: tuple[pendulum.Date, ...]) -> str:
    if len(value) <= 6:
        return repr(value)
    return f"<{len(value)} dates from {value[0]} to {value[-1]}>"


def _hours_amount(hours: object) -> int:
    """A number of hours (int, Decimal or timedelta) as whole microseconds (sub-microsecond
    fractions dropped); more than :data:`MAX_BUSINESS_HOURS` is refused before it is built."""
    if isinstance(hours, _dt.timedelta):
        too_many = hours > _MAX_HOURS_DELTA
    elif (isinstance(hours, int) and not isinstance(hours, bool)) or (
        isinstance(hours, Decimal) and hours.is_finite()
    ):
        too_many = hours > MAX_BUSINESS_HOURS
    else:
        raise ValidationError("hours", hours, "an int, a Decimal or a timedelta, never a float")
    if hours < (_NO_TIME if isinstance(hours, _dt.timedelta) else 0):  # type: ignore[operator]
        raise ValidationError("hours", hours, "zero or more hours")
    if too_many:
        raise ValidationError(
            "hours",
            hours,
            f"at most {MAX_BUSINESS_HOURS} hours (every hour from year 1 to 9999 is fewer)",
        )
    if isinstance(hours, _dt.timedelta):
        return (hours.days * 86_400 + hours.seconds) * 1_000_000 + hours.microseconds
    if isinstance(hours, int):
        return hours * _US_PER_HOUR
    if hours.adjusted() < _SMALLEST_HOURS_EXPONENT:  # less than a microsecond: nothing to add
        return 0
    # exact rational arithmetic on integers: no decimal context involved
    numerator, denominator = hours.as_integer_ratio()
    return numerator * _US_PER_HOUR // denominator


# --------------------------------------------------------------------------------------------
# holiday data
# --------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _country_data(
    country: str, subdivision: str | None, first: int, last: int
) -> tuple[tuple[int, ...], str]:
    """The sorted holiday ordinals and the weekmask of a country, read once from ``holidays``."""
    try:
        table = _holidays.country_holidays(
            country, subdiv=subdivision, years=range(first, last + 1)
        )
    except NotImplementedError as exc:
        field, value = (
            ("subdivision", subdivision)
            if "subdivision" in str(exc)
            else (
                "country",
                country,
            )
        )
        raise ValidationError(
            field, value, "a country (and subdivision) code the holidays package supports"
        ) from None
    ordinals = tuple(sorted({d.toordinal() for d in table}))
    weekend = table.weekend
    mask = "".join("0" if day in weekend else "1" for day in range(7))
    return ordinals, mask


@functools.lru_cache(maxsize=64)
def _country_calendar(
    *,
    country: str,
    subdivision: str | None,
    years: tuple[int, int],
    weekmask: str | None,
    timezone: str,
    working_hours: tuple[pendulum.Time, pendulum.Time],
) -> WorkCalendar:
    ordinals, country_mask = _country_data(country, subdivision, years[0], years[1])
    return WorkCalendar(
        holidays=[_date(o) for o in ordinals],
        weekmask=country_mask if weekmask is None else weekmask,
        timezone=timezone,
        working_hours=working_hours,
        covered_years=years,
    )


# --------------------------------------------------------------------------------------------
# many dates at once: numpy arrays in and out (numpy is imported by the methods that need it)
# --------------------------------------------------------------------------------------------


def _ordinals_many(np: Any, values: object, field: str) -> Any:
    """The proleptic ordinals of a ``datetime64[D]`` array or a sequence of dates, as int64."""
    if isinstance(values, np.datetime64):
        values = np.asarray(values)
    if isinstance(values, np.ndarray):
        if values.dtype == np.dtype("datetime64[D]"):
            if np.isnat(values).any():
                raise ValidationError(field, "NaT", "dates, not NaT (not-a-time)")
            return values.astype(np.int64) + _EPOCH_ORDINAL
        if values.dtype.kind == "M":
            raise ValidationError(
                field,
                values.dtype.str,
                "a datetime64[D] array of dates, not of datetimes (use .astype('datetime64[D]'))",
            )
        if values.dtype != np.dtype(object):
            raise ValidationError(field, values.dtype.str, "a datetime64[D] array or dates")
        values = values.tolist()
    if isinstance(values, str | bytes | _dt.date) or not isinstance(values, Iterable):
        raise ValidationError(field, values, "a datetime64[D] array or a sequence of dates")
    return np.fromiter((_ordinal(v, field) for v in values), dtype=np.int64)


def _shift(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError("n", value, "a whole number of business days")
    return max(-_MAX_SHIFT, min(_MAX_SHIFT, int(value)))


def _shifts_many(np: Any, n: object) -> Any:
    """Business-day shifts as int64, clamped (see ``_MAX_SHIFT``)."""
    if isinstance(n, np.ndarray | np.integer) and not isinstance(n, np.bool_):
        array = np.asarray(n)
        if array.dtype.kind == "i":
            return np.clip(array.astype(np.int64), -_MAX_SHIFT, _MAX_SHIFT)
        if array.dtype.kind == "u":
            # a numpy uint64 bound: numpy 2 refuses the int _MAX_SHIFT against a uint8 array
            return np.minimum(array, np.uint64(_MAX_SHIFT)).astype(np.int64)
        if array.dtype != np.dtype(object):
            raise ValidationError("n", array.dtype.str, "whole numbers of business days")
        n = array.tolist()
    if isinstance(n, int):
        return np.int64(_shift(n))
    if isinstance(n, str | bytes) or not isinstance(n, Iterable):
        raise ValidationError("n", n, "an int or a sequence of ints")
    return np.fromiter((_shift(v) for v in n), dtype=np.int64)


def _months_many(ordinals: Any) -> Any:
    """The month of each ordinal, as a ``datetime64[M]`` array."""
    return (ordinals - _EPOCH_ORDINAL).astype("datetime64[D]").astype("datetime64[M]")


# --------------------------------------------------------------------------------------------
# the calendar
# --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True, cache_hash=True, repr=True)
class WorkCalendar:
    """A business calendar: worked weekdays, holidays, a time zone and working hours.

    Holidays that fall on a weekday the weekmask already excludes are dropped at construction,
    so two calendars with the same business days compare equal. ``covered_years`` (first, last),
    when given, bounds the dates the calendar answers for: a question about a date outside those
    years raises :class:`~accountexec.errors.CalendarError` rather than assuming no holidays.

    >>> import pendulum
    >>> cal = WorkCalendar(holidays=[pendulum.date(2026, 12, 25), pendulum.date(2026, 12, 26)])
    >>> cal.holidays  # 26 December 2026 is a Saturday, already a day off
    (Date(2026, 12, 25),)
    >>> cal.is_business_day(pendulum.date(2026, 12, 24))
    True
    >>> cal.is_business_day(pendulum.date(2026, 12, 25))
    False
    >>> cal.roll(pendulum.date(2026, 12, 25), "following")
    Date(2026, 12, 28)
    """

    holidays: tuple[pendulum.Date, ...] = attrs.field(
        default=(), converter=_to_holidays, repr=_holidays_repr
    )
    weekmask: str = attrs.field(default="1111100", converter=_to_weekmask)
    timezone: str = attrs.field(default="UTC", converter=to_timezone_name)
    working_hours: tuple[pendulum.Time, pendulum.Time] = attrs.field(
        default=(pendulum.Time(9, 0), pendulum.Time(17, 30)), converter=_to_working_hours
    )
    covered_years: tuple[int, int] | None = attrs.field(default=None, converter=_to_covered_years)

    # derived, private: the arithmetic tables
    _ords: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _holiday_set: frozenset[int] = attrs.field(init=False, repr=False, eq=False)
    _adj: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _mask: tuple[bool, ...] = attrs.field(init=False, repr=False, eq=False)
    _cum: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _pos: tuple[int, ...] = attrs.field(init=False, repr=False, eq=False)
    _per_week: int = attrs.field(init=False, repr=False, eq=False)
    _lo: int = attrs.field(init=False, repr=False, eq=False)
    _hi: int = attrs.field(init=False, repr=False, eq=False)
    _zone: pendulum.Timezone = attrs.field(init=False, repr=False, eq=False)
    # the same tables as numpy arrays, built by the first batch method that needs them
    _arrays: dict[str, Any] | None = attrs.field(init=False, repr=False, eq=False, default=None)

    def __attrs_post_init__(self) -> None:
        set_ = object.__setattr__
        mask = tuple(c == "1" for c in self.weekmask)
        cum = [0]
        for on in mask:
            cum.append(cum[-1] + on)
        per_week = cum[7]
        set_(self, "_mask", mask)
        set_(self, "_cum", tuple(cum))
        set_(self, "_pos", tuple(i for i, on in enumerate(mask) if on))
        set_(self, "_per_week", per_week)
        # holidays on days off are no holidays at all: drop them so the arithmetic stays exact
        kept = [d for d in self.holidays if mask[d.weekday()]]
        if len(kept) != len(self.holidays):
            set_(self, "holidays", tuple(kept))
        ords = tuple(d.toordinal() for d in kept)
        set_(self, "_ords", ords)
        set_(self, "_holiday_set", frozenset(ords))
        # business days strictly before the i-th holiday: the inverse count uses it
        set_(self, "_adj", tuple(self._weekdays_before(o) - i for i, o in enumerate(ords)))
        if self.covered_years is None:
            set_(self, "_lo", _MIN_ORDINAL)
            set_(self, "_hi", _MAX_ORDINAL)
        else:
            first, last = self.covered_years
            set_(self, "_lo", _dt.date(first, 1, 1).toordinal())
            set_(self, "_hi", _dt.date(last, 12, 31).toordinal())
        set_(self, "_zone", pendulum.timezone(self.timezone))

    # ---- construction -----------------------------------------------------------------------

    @classmethod
    def for_country(
        cls,
        country: str,
        subdivision: str | None = None,
        *,
        timezone: str = "UTC",
        years: tuple[int, int] | range = DEFAULT_YEARS,
        weekmask: str | None = None,
        working_hours: tuple[str | _dt.time, str | _dt.time] = ("09:00", "17:30"),
    ) -> WorkCalendar:
        """The calendar of a country (and subdivision) from the ``holidays`` package.

        Observed (substitute) days count as holidays. ``years`` (first, last), inclusive, bounds
        the covered years (default 1970 to 2100); the weekmask defaults to the country's weekend as
        the ``holidays`` package knows it. The holiday data and the calendar are memoised: building
        the same calendar twice costs a dictionary look-up.

        >>> england = WorkCalendar.for_country("GB", subdivision="ENG", timezone="Europe/London")
        >>> england.covered_years
        (1970, 2100)
        >>> import pendulum
        >>> [str(d) for d in england.holidays if d.year == 2026]  # doctest: +NORMALIZE_WHITESPACE
        ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31',
         '2026-12-25', '2026-12-28']
        >>> england.is_business_day(pendulum.date(2101, 1, 3))
        Traceback (most recent call last):
        ...
        accountexec.errors.CalendarError: date 2101-01-03 is outside the years this calendar ...
        """
        if not isinstance(country, str):
            raise ValidationError("country", country, "an ISO 3166 country code such as 'GB'")
        if subdivision is not None and not isinstance(subdivision, str):
            raise ValidationError("subdivision", subdivision, "a subdivision code such as 'ENG'")
        span = _to_years(years)
        return _country_calendar(
            country=country.upper(),
            subdivision=subdivision,
            years=span,
            weekmask=None if weekmask is None else _to_weekmask(weekmask),
            timezone=to_timezone_name(timezone),
            working_hours=_to_working_hours(working_hours),
        )

    def __or__(self, other: object) -> WorkCalendar:
        """The calendar of both: every holiday of either, only the weekdays both work.

        The result keeps the left operand's time zone and working hours (write
        ``agency | client`` to count in the agency's hours); covered years intersect.

        >>> import pendulum
        >>> client = WorkCalendar(holidays=[pendulum.date(2026, 7, 3)], timezone="America/New_York")
        >>> agency = WorkCalendar(holidays=[pendulum.date(2026, 5, 25)], timezone="Europe/London")
        >>> both = agency | client
        >>> [str(d) for d in both.holidays], both.timezone
        (['2026-05-25', '2026-07-03'], 'Europe/London')
        """
        if not isinstance(other, WorkCalendar):
            return NotImplemented
        mask = f"{int(self.weekmask, 2) & int(other.weekmask, 2):07b}"
        if "1" not in mask:
            raise CalendarError(
                f"calendars with weekmasks {self.weekmask!r} and {other.weekmask!r} "
                "share no working weekday"
            )
        spans = [s for s in (self.covered_years, other.covered_years) if s is not None]
        covered = None
        if spans:
            first = max(s[0] for s in spans)
            last = min(s[1] for s in spans)
            if first > last:
                raise CalendarError(
                    f"calendars covering years {self.covered_years!r} and {other.covered_years!r} "
                    "have no year in common"
                )
            covered = (first, last)
        return WorkCalendar(
            holidays=self.holidays + other.holidays,
            weekmask=mask,
            timezone=self.timezone,
            working_hours=self.working_hours,
            covered_years=covered,
        )

    # ---- ordinal arithmetic (private) --------------------------------------------------------

    def _weekdays_before(self, o: int) -> int:
        """Worked weekdays (holidays included) among ordinals [1, o)."""
        q, r = divmod(o - 1, 7)
        return q * self._per_week + self._cum[r]

    def _index(self, o: int) -> int:
        """Business days among ordinals [1, o): the business-day index of ``o`` when it is one."""
        q, r = divmod(o - 1, 7)
        return q * self._per_week + self._cum[r] - bisect_left(self._ords, o)

    def _nth(self, m: int) -> int:
        """The ordinal of the business day with index ``m``."""
        j = m + bisect_right(self._adj, m)
        q, r = divmod(j, self._per_week)
        o = 1 + 7 * q + self._pos[r]
        if not self._lo <= o <= self._hi:
            self._out_of_range(o)
        return o

    def _is_business(self, o: int) -> bool:
        return self._mask[(o - 1) % 7] and o not in self._holiday_set

    def _out_of_range(self, o: int) -> None:
        if self.covered_years is None:
            raise CalendarError(
                "business-day arithmetic left the range of dates Python can represent"
            )
        first, last = self.covered_years
        if o < _MIN_ORDINAL:
            when = "the result, before year 1, is"
        elif o > _MAX_ORDINAL:
            when = "the result, past year 9999, is"
        else:
            when = f"date {_dt.date.fromordinal(o)} is"
        raise CalendarError(
            f"{when} outside the years this calendar covers ({first} to {last}); "
            "build it with years=(first, last) to cover it"
        )

    def _check(self, o: int) -> int:
        if not self._lo <= o <= self._hi:
            self._out_of_range(o)
        return o

    # ---- business days -----------------------------------------------------------------------

    def is_business_day(self, d: _dt.date) -> bool:
        """Whether ``d`` is a worked weekday and not a holiday.

        >>> import pendulum
        >>> WorkCalendar().is_business_day(pendulum.date(2026, 5, 16))  # a Saturday
        False
        """
        o = _ordinal(d, "d")
        if not self._lo <= o <= self._hi:
            self._out_of_range(o)
        return self._mask[(o - 1) % 7] and o not in self._holiday_set

    def add_business_days(self, d: _dt.date, n: int) -> pendulum.Date:
        """Move ``n`` business days from ``d``, exactly as ``numpy.busday_offset``.

        For ``n >= 0`` a non-business ``d`` first rolls forward to the next business day, for
        ``n < 0`` it first rolls back; then the date moves ``n`` business days. So ``n=0`` rolls
        a non-business day forward.

        >>> import pendulum
        >>> cal = WorkCalendar()
        >>> cal.add_business_days(pendulum.date(2026, 5, 15), 1)  # Friday to Monday
        Date(2026, 5, 18)
        >>> cal.add_business_days(pendulum.date(2026, 5, 16), 0)  # Saturday rolls forward
        Date(2026, 5, 18)
        >>> cal.add_business_days(pendulum.date(2026, 5, 16), -1)  # rolls back, then one back
        Date(2026, 5, 14)
        """
        o = _ordinal(d, "d")
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValidationError("n", n, "a whole number of business days")
        n = int(n)
        if not self._lo <= o <= self._hi:
            self._out_of_range(o)
        m = self._index(o) + n
        if n < 0 and not (self._mask[(o - 1) % 7] and o not in self._holiday_set):
            m -= 1
        r = _dt.date.fromordinal(self._nth(m))
        return pendulum.Date(r.year, r.month, r.day)

    def business_days_between(self, a: _dt.date, b: _dt.date) -> int:
        """The business days in ``[a, b)``; exactly as ``numpy.busday_count``.

        When ``b < a`` the count is negative: minus the business days in ``(b, a]``, which is
        numpy's rule (the interval is half-open on the side of ``b`` either way).

        >>> import pendulum
        >>> monday, next_monday = pendulum.date(2026, 5, 11), pendulum.date(2026, 5, 18)
        >>> WorkCalendar().business_days_between(monday, next_monday)
        5
        >>> WorkCalendar().business_days_between(next_monday, monday)
        -5
        """
        oa = _ordinal(a, "a")
        ob = _ordinal(b, "b")
        if ob < oa:  # numpy counts (b, a]
            oa += 1
            ob += 1
        # the days examined are [min, max): the end may sit on the day after the last covered
        lo, hi = self._lo, self._hi + 1
        if not lo <= oa <= hi:
            self._out_of_range(oa)
        if not lo <= ob <= hi:
            self._out_of_range(ob)
        return self._index(ob) - self._index(oa)

    def roll(self, d: _dt.date, convention: Roll) -> pendulum.Date:
        """Move a non-business day to a business day; a business day stays.

        ``following`` moves forward, ``preceding`` back; the ``modified_`` forms go the other
        way when the first would leave the month.

        >>> import pendulum
        >>> cal = WorkCalendar()
        >>> cal.roll(pendulum.date(2026, 5, 30), "following")  # Saturday 30 May
        Date(2026, 6, 1)
        >>> cal.roll(pendulum.date(2026, 5, 30), "modified_following")
        Date(2026, 5, 29)
        """
        o = self._check(_ordinal(d, "d"))
        if not isinstance(convention, str) or convention not in _ROLLS:
            raise ValidationError(
                "convention", convention, ", ".join(repr(r) for r in sorted(_ROLLS))
            )
        if self._is_business(o):
            return _date(o)
        forward = self._nth(self._index(o))
        back = self._nth(self._index(o) - 1)
        month = _dt.date.fromordinal(o).month
        if convention == "following":
            r = forward
        elif convention == "preceding":
            r = back
        elif convention == "modified_following":
            r = forward if _dt.date.fromordinal(forward).month == month else back
        else:
            r = back if _dt.date.fromordinal(back).month == month else forward
        return _date(r)

    # ---- many dates at once (numpy) ------------------------------------------------------------

    def _tables(self, np: Any) -> dict[str, Any]:
        """The arithmetic tables as numpy arrays, built once per calendar.

        Besides the calendar's own tables (holiday ordinals, the inverse table, the weekday
        prefix counts), the days around the holidays (their span, two weeks either side, at most
        ``_SPAN_LIMIT`` days) get a day-by-day table of business-day indexes and the list of
        their business days, both computed from the same tables with ``numpy.searchsorted``: a
        batch whose dates all fall in that span is answered by one look-up per date.
        """
        tables = self._arrays
        if tables is None:
            tables = {
                "ords": np.array(self._ords, dtype=np.int64),
                "adj": np.array(self._adj, dtype=np.int64),
                "mask": np.array(self._mask, dtype=np.bool_),
                "cum": np.array(self._cum, dtype=np.int64),
                "pos": np.array(self._pos, dtype=np.int64),
            }
            # without the day-by-day tables the readers use the formulas (and never read "first")
            span: dict[str, Any] = {"index": None, "months": None, "busdays": None}
            if self._ords:
                first = max(self._ords[0] - 14, self._lo)
                last = min(self._ords[-1] + 14, self._hi)
                if last - first < _SPAN_LIMIT:
                    days = np.arange(first, last + 2, dtype=np.int64)  # ends may be last + 1
                    index = self._index_formula(np, tables, days)
                    span = {
                        "first": first,
                        "index": index,
                        "months": _months_many(days),
                        # the index moves on after a business day
                        "busdays": days[:-1][index[1:] > index[:-1]],
                        "first_index": int(index[0]),
                    }
            tables |= span
            object.__setattr__(self, "_arrays", tables)
        return tables

    def _check_many(self, ordinals: Any, lo: int, hi: int) -> None:
        bad = (ordinals < lo) | (ordinals > hi)
        if bad.any():
            self._out_of_range(int(ordinals[bad].flat[0]))

    def _index_formula(self, np: Any, t: dict[str, Any], o: Any) -> Any:
        q, r = np.divmod(o - 1, 7)
        return q * self._per_week + t["cum"][r] - np.searchsorted(t["ords"], o)  # side "left"

    def _index_many(self, np: Any, t: dict[str, Any], o: Any) -> Any:
        """:meth:`_index` of each ordinal: one look-up when all fall in the tabulated span."""
        table = t["index"]
        if table is not None and o.size:
            at = o - t["first"]
            if at.min() >= 0 and at.max() < len(table):
                return table[at]
        return self._index_formula(np, t, o)

    def _months(self, t: dict[str, Any], o: Any) -> Any:
        """The month of each ordinal, as a ``datetime64[M]`` array."""
        table = t["months"]
        if table is not None and o.size:
            at = o - t["first"]
            if at.min() >= 0 and at.max() < len(table):
                return table[at]
        return _months_many(o)

    def _nth_many(self, np: Any, t: dict[str, Any], m: Any) -> Any:
        """:meth:`_nth` of each index, refusing a result outside the calendar's range."""
        busdays = t["busdays"]
        if busdays is not None and m.size:
            at = m - t["first_index"]
            if at.min() >= 0 and at.max() < len(busdays):
                return busdays[at]  # inside the span, so inside the calendar's range
        j = m + np.searchsorted(t["adj"], m, side="right")
        q, r = np.divmod(j, self._per_week)
        o = 1 + 7 * q + t["pos"][r]
        self._check_many(o, self._lo, self._hi)
        return o

    def _is_business_many(self, np: Any, t: dict[str, Any], o: Any) -> Any:
        table = t["index"]
        if table is not None and o.size:
            at = o - t["first"]
            if at.min() >= 0 and at.max() + 1 < len(table):
                return table[at + 1] > table[at]  # the index moves on after a business day
        ords = t["ords"]
        holiday = np.searchsorted(ords, o, side="right") > np.searchsorted(ords, o)
        return t["mask"][(o - 1) % 7] & ~holiday

    def add_business_days_many(self, dates: Any, n: Any) -> Any:
        """:meth:`add_business_days` for many dates at once: a numpy ``datetime64[D]`` array.

        ``dates`` is a numpy ``datetime64[D]`` array (of any shape) or a sequence of dates; ``n`` an
        int or an array or sequence of ints that broadcasts against ``dates``. Element by element
        the answer is :meth:`add_business_days`'s, computed on the calendar's own tables with
        ``numpy.searchsorted`` (no Python loop over the dates). A date outside the calendar's range
        raises the same :class:`~accountexec.errors.CalendarError`. Needs numpy (the ``arrays``
        extra).

        >>> import numpy as np, pendulum
        >>> cal = WorkCalendar(holidays=[pendulum.date(2026, 5, 25)])
        >>> days = np.array(["2026-05-22", "2026-05-23", "2026-05-26"], dtype="datetime64[D]")
        >>> cal.add_business_days_many(days, 1)
        array(['2026-05-26', '2026-05-27', '2026-05-27'], dtype='datetime64[D]')
        >>> cal.add_business_days_many([pendulum.date(2026, 5, 26)], [-1])
        array(['2026-05-22'], dtype='datetime64[D]')
        """
        np = _optional.numpy("WorkCalendar.add_business_days_many")
        o = _ordinals_many(np, dates, "dates")
        shift = _shifts_many(np, n)
        o, shift = np.broadcast_arrays(o, shift)
        self._check_many(o, self._lo, self._hi)
        t = self._tables(np)
        m = self._index_many(np, t, o) + shift
        m -= (shift < 0) & ~self._is_business_many(np, t, o)
        return (self._nth_many(np, t, m) - _EPOCH_ORDINAL).astype("datetime64[D]")

    def business_days_between_many(self, starts: Any, ends: Any) -> Any:
        """:meth:`business_days_between` for many pairs at once: a numpy ``int64`` array.

        ``starts`` and ``ends`` are numpy ``datetime64[D]`` arrays or sequences of dates that
        broadcast against each other; element by element the count is
        :meth:`business_days_between`'s (negative when the end comes first, like
        ``numpy.busday_count``). Needs numpy (the ``arrays`` extra).

        >>> import numpy as np
        >>> cal = WorkCalendar()
        >>> starts = np.array(["2026-05-11", "2026-05-18"], dtype="datetime64[D]")
        >>> cal.business_days_between_many(starts, np.datetime64("2026-05-18"))
        array([5, 0])
        """
        np = _optional.numpy("WorkCalendar.business_days_between_many")
        oa = _ordinals_many(np, starts, "starts")
        ob = _ordinals_many(np, ends, "ends")
        oa, ob = np.broadcast_arrays(oa, ob)
        backwards = ob < oa  # numpy counts (b, a]
        oa = oa + backwards
        ob = ob + backwards
        self._check_many(oa, self._lo, self._hi + 1)
        self._check_many(ob, self._lo, self._hi + 1)
        t = self._tables(np)
        result: Any = self._index_many(np, t, ob) - self._index_many(np, t, oa)
        return result.astype(np.int64)

    def roll_many(self, dates: Any, convention: Roll) -> Any:
        """:meth:`roll` for many dates at once: a numpy ``datetime64[D]`` array.

        ``dates`` is a numpy ``datetime64[D]`` array or a sequence of dates; element by element the
        answer is :meth:`roll`'s. Needs numpy (the ``arrays`` extra).

        >>> import numpy as np
        >>> days = np.array(["2026-05-29", "2026-05-30"], dtype="datetime64[D]")
        >>> WorkCalendar().roll_many(days, "modified_following")
        array(['2026-05-29', '2026-05-29'], dtype='datetime64[D]')
        """
        np = _optional.numpy("WorkCalendar.roll_many")
        o = _ordinals_many(np, dates, "dates")
        self._check_many(o, self._lo, self._hi)
        if not isinstance(convention, str) or convention not in _ROLLS:
            raise ValidationError(
                "convention", convention, ", ".join(repr(r) for r in sorted(_ROLLS))
            )
        t = self._tables(np)
        result = o.copy()
        moving = ~self._is_business_many(np, t, o)
        if moving.any():
            off = o[moving]
            index = self._index_many(np, t, off)
            forward = self._nth_many(np, t, index)
            back = self._nth_many(np, t, index - 1)
            if convention == "following":
                chosen = forward
            elif convention == "preceding":
                chosen = back
            else:
                month = self._months(t, off)
                if convention == "modified_following":
                    chosen = np.where(self._months(t, forward) == month, forward, back)
                else:
                    chosen = np.where(self._months(t, back) == month, back, forward)
            result[moving] = chosen
        return (result - _EPOCH_ORDINAL).astype("datetime64[D]")

    # ---- business hours -----------------------------------------------------------------------

    def _at(self, o: int, us: int) -> pendulum.DateTime:
        """The aware DateTime at ``us`` microseconds of wall time on the day ``o``, in the zone."""
        d = _dt.date.fromordinal(o)
        seconds, micro = divmod(us, 1_000_000)
        minutes, second = divmod(seconds, 60)
        hour, minute = divmod(minutes, 60)
        return pendulum.datetime(d.year, d.month, d.day, hour, minute, second, micro, tz=self._zone)

    @staticmethod
    def _wall(t: _dt.time) -> int:
        return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond

    def start_of_business_day(self, d: _dt.date) -> pendulum.DateTime:
        """The start of working hours on ``d``, an aware DateTime in the calendar's zone.

        >>> import pendulum
        >>> WorkCalendar(timezone="Europe/London").start_of_business_day(pendulum.date(2026, 3, 30))
        DateTime(2026, 3, 30, 9, 0, 0, tzinfo=Timezone('Europe/London'))
        """
        return self._at(self._check(_ordinal(d, "d")), self._wall(self.working_hours[0]))

    def end_of_business_day(self, d: _dt.date) -> pendulum.DateTime:
        """The end of working hours on ``d``, an aware DateTime in the calendar's zone.

        Across a change to or from summer time the wall clock stays (17:30) and the UTC offset
        changes.

        >>> import pendulum
        >>> cal = WorkCalendar(timezone="Europe/London")
        >>> cal.end_of_business_day(pendulum.date(2026, 3, 27)).isoformat()
        '2026-03-27T17:30:00+00:00'
        >>> cal.end_of_business_day(pendulum.date(2026, 3, 30)).isoformat()
        '2026-03-30T17:30:00+01:00'
        """
        return self._at(self._check(_ordinal(d, "d")), self._wall(self.working_hours[1]))

    def add_business_hours(
        self, at: _dt.datetime, hours: int | Decimal | _dt.timedelta
    ) -> pendulum.DateTime:
        """The moment ``hours`` working hours after ``at``, in the calendar's zone.

        Working hours are consumed day by day on the local wall clock, skipping non-business days
        (whole days are jumped with :meth:`add_business_days`, so the cost does not grow with
        ``hours``). An ``at`` before the day's working hours starts at their start; one after them,
        or on a non-business day, starts at the start of the next business day. A result that
        lands exactly on the end of a day's hours stays on that day. ``at`` must be aware;
        ``hours`` is an int, a Decimal or a timedelta, zero or more.

        >>> import pendulum
        >>> cal = WorkCalendar(timezone="Europe/London", working_hours=("09:00", "17:00"))
        >>> friday = pendulum.datetime(2026, 3, 27, 15, 0, tz="Europe/London")
        >>> cal.add_business_hours(friday, 8).isoformat()  # across the clock change
        '2026-03-30T15:00:00+01:00'
        """
        if not isinstance(at, _dt.datetime) or at.utcoffset() is None:
            raise ValidationError("at", at, "an aware datetime (with a time zone)")
        remaining = _hours_amount(hours)
        try:
            return self._add_business_hours(at, remaining)
        except OverflowError:
            # near year 1 or 9999, the moment in the calendar's zone or in UTC is not a datetime
            raise CalendarError(
                f"{hours!r} working hours after {at.isoformat()} in {self.timezone!r} leave the "
                "dates Python can represent (years 1 to 9999 in UTC and in the calendar's zone)"
            ) from None

    def _add_business_hours(self, at: _dt.datetime, remaining: int) -> pendulum.DateTime:
        local = at.astimezone(self._zone)
        o = self._check(local.toordinal())
        t = self._wall(local.time())
        start, end = self._wall(self.working_hours[0]), self._wall(self.working_hours[1])
        if not self._is_business(o) or t > end:
            o = self._nth(self._index(o + 1))
            t = start
        else:
            t = max(t, start)
        available = end - t
        if remaining <= available:
            return self._at(o, t + remaining)
        remaining -= available
        length = end - start
        skip, remaining = divmod(remaining - 1, length)
        o = self._nth(self._index(o) + 1 + skip)
        return self._at(o, start + remaining + 1)
