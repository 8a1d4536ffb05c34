//! The one encoding of a date in the index: a YYYYMMDD integer
//! (20181205), sortable, range-queryable and readable. The writer stores
//! it, the reader turns it back into text, and the filters build bounds
//! with it.

/// The key of a year, month and day (a bound may name a day that does not
/// exist, such as the 31st of any month as an upper bound).
pub fn from_parts(year: i64, month: i64, day: i64) -> i64 {
    year * 10_000 + month * 100 + day
}

/// The key of a calendar date.
pub fn of(date: time::Date) -> i64 {
    from_parts(
        i64::from(date.year()),
        i64::from(u8::from(date.month())),
        i64::from(date.day()),
    )
}

/// YYYYMMDD → YYYY-MM-DD.
pub fn format(key: i64) -> String {
    format!(
        "{:04}-{:02}-{:02}",
        key / 10_000,
        (key / 100) % 100,
        key % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_sort_by_date() {
        let d = time::Date::from_calendar_date(2018, time::Month::December, 5).unwrap();
        assert_eq!(format!("{}", of(d)), "20181205");
        assert_eq!(format(of(d)), "2018-12-05");
        assert!(from_parts(2018, 12, 31) > of(d));
        assert!(from_parts(2019, 1, 1) > from_parts(2018, 12, 31));
    }
}
