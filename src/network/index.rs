//! Which runs are under way at a second of a service day, for one service, in time that
//! grows with the runs under way rather than with the runs of the feed.
//!
//! The runs of each service are split into classes by their length (powers of two of
//! seconds) and sorted by departure. A run of a class whose longest run lasts `L` can only be
//! under way at `t` if it departed in `(t - L, t]`: a binary search finds the first, and the
//! scan stops at the first departure after `t`. Within a class the lengths differ by at most
//! a factor of two, so at most about half the runs scanned are not under way (for departures
//! spread evenly); a four-day train does not make every short trip of its service a candidate.

/// One run of a trip: under way from `start` (its first departure) until before `end` (its
/// last arrival), in seconds of its service day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// First departure.
    pub start: i32,
    /// Last arrival.
    pub end: i32,
    /// The trip.
    pub trip: u32,
    /// Seconds added to the trip's own times (a `frequencies.txt` departure; 0 otherwise).
    pub shift: i32,
}

/// A class of runs of one service: `runs[from..to]`, none longer than `longest`.
#[derive(Debug, Clone, Copy)]
struct Class {
    longest: i32,
    from: u32,
    to: u32,
}

/// The runs of every service, by class and departure.
#[derive(Debug, Clone, Default)]
pub struct Index {
    runs: Vec<Run>,
    classes: Vec<Class>,
    /// Per service, its classes: `classes[from..to]`.
    by_service: Vec<(u32, u32)>,
    /// The earliest departure and the latest arrival of all runs, seconds of a service day.
    span: Option<(i32, i32)>,
}

/// The class of a run of `len` seconds: the number of bits of the length.
fn class_of(len: i32) -> u32 {
    32 - u32::try_from(len.max(1)).unwrap_or(1).leading_zeros()
}

impl Index {
    /// The index of `runs`, each with its service (below `services`).
    #[must_use]
    pub fn new(mut runs: Vec<(u32, Run)>, services: usize) -> Self {
        runs.sort_unstable_by_key(|(s, r)| (*s, class_of(r.end - r.start), r.start, r.trip));
        let span = runs.iter().fold(None, |acc: Option<(i32, i32)>, (_, r)| {
            Some(acc.map_or((r.start, r.end), |(a, b)| (a.min(r.start), b.max(r.end))))
        });
        let mut classes: Vec<Class> = Vec::new();
        let mut by_service = vec![(0u32, 0u32); services];
        let mut key = None;
        let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        for (i, (service, run)) in runs.iter().enumerate() {
            let k = (*service, class_of(run.end - run.start));
            if key != Some(k) {
                key = Some(k);
                if let Some(slot) = by_service.get_mut(*service as usize) {
                    if slot.1 == 0 {
                        slot.0 = to_u32(classes.len());
                    }
                    slot.1 = to_u32(classes.len() + 1);
                }
                classes.push(Class {
                    longest: 0,
                    from: to_u32(i),
                    to: to_u32(i),
                });
            }
            if let Some(c) = classes.last_mut() {
                c.longest = c.longest.max(run.end - run.start);
                c.to = to_u32(i + 1);
            }
        }
        Self {
            runs: runs.into_iter().map(|(_, r)| r).collect(),
            classes,
            by_service,
            span,
        }
    }

    /// How many runs there are.
    #[must_use]
    pub fn len(&self) -> usize {
        self.runs.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.runs.is_empty()
    }

    /// Every run, by service, class and departure.
    #[must_use]
    pub fn runs(&self) -> &[Run] {
        &self.runs
    }

    /// The earliest departure and the latest arrival of all runs (seconds of a service day).
    #[must_use]
    pub fn span(&self) -> Option<(i32, i32)> {
        self.span
    }

    /// Call `each` with every run of `service` under way at second `t` of its service day
    /// (`start <= t < end`), in class and departure order.
    pub fn under_way(&self, service: u32, t: i32, mut each: impl FnMut(&Run)) {
        let Some(&(from, to)) = self.by_service.get(service as usize) else {
            return;
        };
        for class in self.classes.get(from as usize..to as usize).unwrap_or(&[]) {
            let runs = &self.runs[class.from as usize..class.to as usize];
            let earliest = t.saturating_sub(class.longest);
            let first = runs.partition_point(|r| r.start <= earliest);
            for r in runs[first..].iter().take_while(|r| r.start <= t) {
                if t < r.end {
                    each(r);
                }
            }
        }
    }

    /// Call `each` with every run of `service` under way at some second of `from..=to`
    /// (`start <= to` and `from < end`), in class and departure order.
    pub fn overlapping(&self, service: u32, from: i32, to: i32, mut each: impl FnMut(&Run)) {
        let Some(&(first, last)) = self.by_service.get(service as usize) else {
            return;
        };
        for class in self
            .classes
            .get(first as usize..last as usize)
            .unwrap_or(&[])
        {
            let runs = &self.runs[class.from as usize..class.to as usize];
            let earliest = from.saturating_sub(class.longest);
            let begin = runs.partition_point(|r| r.start <= earliest);
            for r in runs[begin..].iter().take_while(|r| r.start <= to) {
                if from < r.end {
                    each(r);
                }
            }
        }
    }

    /// Every run of `service`, in class and departure order.
    pub fn runs_of(&self, service: u32) -> impl Iterator<Item = &Run> {
        let (from, to) = self
            .by_service
            .get(service as usize)
            .copied()
            .unwrap_or((0, 0));
        self.classes
            .get(from as usize..to as usize)
            .unwrap_or(&[])
            .iter()
            .flat_map(|c| self.runs.get(c.from as usize..c.to as usize).unwrap_or(&[]))
    }

    /// The bytes it holds on the heap.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.runs.capacity() * std::mem::size_of::<Run>()
            + self.classes.capacity() * std::mem::size_of::<Class>()
            + self.by_service.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(start: i32, end: i32, trip: u32) -> Run {
        Run {
            start,
            end,
            trip,
            shift: 0,
        }
    }

    fn at(index: &Index, service: u32, t: i32) -> Vec<u32> {
        let mut out = Vec::new();
        index.under_way(service, t, |r| out.push(r.trip));
        out.sort_unstable();
        out
    }

    #[test]
    fn runs_are_under_way_from_departure_until_before_arrival() {
        let runs = vec![
            (0, run(100, 200, 0)),
            (0, run(150, 400_000, 1)), // a four-day train
            (0, run(190, 210, 2)),
            (1, run(100, 200, 3)),
        ];
        let index = Index::new(runs, 2);
        assert_eq!(at(&index, 0, 99), [] as [u32; 0]);
        assert_eq!(at(&index, 0, 100), [0]);
        assert_eq!(at(&index, 0, 195), [0, 1, 2]);
        assert_eq!(at(&index, 0, 200), [1, 2]);
        assert_eq!(at(&index, 0, 399_999), [1]);
        assert_eq!(at(&index, 0, 400_000), [] as [u32; 0]);
        assert_eq!(at(&index, 1, 150), [3]);
        assert_eq!(at(&index, 7, 150), [] as [u32; 0]);
        assert_eq!(index.span(), Some((100, 400_000)));
        let mut window = Vec::new();
        index.overlapping(0, 201, 220, |r| window.push(r.trip));
        window.sort_unstable();
        assert_eq!(window, [1, 2], "the run that ended at 200 is left out");
    }

    #[test]
    fn the_index_agrees_with_a_scan_of_every_run() {
        // Runs of many lengths and departures (a fixed pseudo-random sequence).
        let mut x: u64 = 12345;
        let mut next = |m: u64| {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            i32::try_from((x >> 33) % m).unwrap()
        };
        let mut all = Vec::new();
        for trip in 0..2000 {
            let start = next(100_000);
            let len = [next(60), next(3600), next(40_000), next(400_000)][trip as usize % 4];
            all.push((
                u32::try_from(next(3)).unwrap(),
                run(start, start + len, trip),
            ));
        }
        let index = Index::new(all.clone(), 3);
        for t in (0..500_000).step_by(7919) {
            for s in 0..3 {
                let mut want: Vec<u32> = all
                    .iter()
                    .filter(|(sv, r)| *sv == s && r.start <= t && t < r.end)
                    .map(|(_, r)| r.trip)
                    .collect();
                want.sort_unstable();
                assert_eq!(at(&index, s, t), want, "service {s} at {t}");
            }
        }
    }
}
