//! What the network keeps of `stop_times.txt` beyond times and stops, for realtime updates
//! that name a stop by its `stop_sequence`, and for times shown in a stop's own zone.
//!
//! Most feeds number a trip's stops one by one (0, 1, 2 or 1, 2, 3): such a trip keeps only
//! its first number; a trip numbered otherwise (10, 20, 30) keeps its whole list.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::Network;

/// Each trip's `stop_sequence`s, compactly.
#[derive(Debug, Clone, Default)]
pub struct Sequences {
    /// Per trip (by index), its first `stop_sequence` when they count up by one, else
    /// [`Sequences::LISTED`]; trips past the end were never added (they do not run).
    first: Vec<u32>,
    /// The sequences of the trips that do not count up by one.
    listed: HashMap<u32, Box<[u32]>>,
}

impl Sequences {
    /// The mark of a trip whose sequences are listed.
    const LISTED: u32 = u32::MAX;

    /// Record trip `trip`'s sequences, in stop order.
    pub fn add(&mut self, trip: u32, sequences: impl Iterator<Item = u32>) {
        let list: Vec<u32> = sequences.collect();
        let Some(&first) = list.first() else { return };
        let counted = list
            .iter()
            .enumerate()
            .all(|(k, &s)| u64::from(s) == u64::from(first) + k as u64);
        let slot = trip as usize;
        if self.first.len() <= slot {
            self.first.resize(slot + 1, Self::LISTED);
        }
        if counted && first != Self::LISTED {
            self.first[slot] = first;
        } else {
            self.first[slot] = Self::LISTED;
            self.listed.insert(trip, list.into_boxed_slice());
        }
    }

    /// The index among its stops of the stop of `trip` numbered `sequence`.
    fn position(&self, trip: u32, sequence: u32, len: usize) -> Option<usize> {
        match self.first.get(trip as usize).copied() {
            Some(Self::LISTED) => self
                .listed
                .get(&trip)
                .and_then(|l| l.iter().position(|&s| s == sequence)),
            Some(first) => {
                let k = usize::try_from(sequence.checked_sub(first)?).ok()?;
                (k < len).then_some(k)
            }
            None => None,
        }
    }

    /// The `stop_sequence` of the `k`-th stop of `trip`.
    fn sequence(&self, trip: u32, k: usize) -> Option<u32> {
        match self.first.get(trip as usize).copied() {
            Some(Self::LISTED) => self.listed.get(&trip).and_then(|l| l.get(k).copied()),
            Some(first) => first.checked_add(u32::try_from(k).ok()?),
            None => None,
        }
    }

    /// The bytes it holds on the heap.
    #[must_use]
    pub fn heap_bytes(&self) -> usize {
        self.first.capacity() * 4
            + self
                .listed
                .values()
                .map(|l| l.len() * 4 + 24)
                .sum::<usize>()
    }
}

impl Network {
    /// The index (among the trip's stops) of the stop of trip `trip` whose `stop_sequence` is
    /// `sequence`, if it has one.
    #[must_use]
    pub fn stop_position(&self, trip: u32, sequence: u32) -> Option<usize> {
        let len = self.trips.get(trip as usize).map_or(0, |t| {
            self.pattern_of(t)
                .map_or(0, |p| self.pattern_stops(p).len())
        });
        self.sequences.position(trip, sequence, len)
    }

    /// The `stop_sequence` of the `k`-th stop of trip `trip`.
    #[must_use]
    pub fn stop_sequence(&self, trip: u32, k: usize) -> Option<u32> {
        self.sequences.sequence(trip, k)
    }

    /// The zone of stop `stop`: its `stop_timezone` (or its parent station's), else the
    /// agency's.
    #[must_use]
    pub fn stop_zone(&self, stop: u32) -> Tz {
        self.stop_zones
            .binary_search_by_key(&stop, |z| z.0)
            .map_or(self.zone, |i| self.stop_zones[i].1)
    }

    /// Say which stops have a zone of their own (`stop_timezone`, or their parent station's),
    /// as the feed's reader found them; those in the agency's zone need not be given.
    pub fn set_stop_zones(&mut self, mut zones: Vec<(u32, Tz)>) {
        zones.retain(|z| z.1 != self.zone);
        zones.sort_unstable_by_key(|z| z.0);
        zones.dedup_by_key(|z| z.0);
        self.stop_zones = zones;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_and_listed_sequences_find_their_stops() {
        let mut s = Sequences::default();
        s.add(0, [1, 2, 3].into_iter());
        s.add(2, [10, 20, 30].into_iter());
        s.add(3, [0, 1].into_iter());
        assert_eq!(s.position(0, 2, 3), Some(1));
        assert_eq!(s.position(0, 4, 3), None);
        assert_eq!(s.position(0, 0, 3), None);
        assert_eq!(s.position(1, 1, 3), None, "trip 1 was never added");
        assert_eq!(s.position(2, 20, 3), Some(1));
        assert_eq!(s.position(2, 2, 3), None);
        assert_eq!(s.position(3, 0, 2), Some(0));
        assert_eq!(s.sequence(2, 2), Some(30));
        assert_eq!(s.sequence(0, 2), Some(3));
        assert_eq!(s.sequence(9, 0), None);
        // A sequence near the top of u32 cannot overflow.
        s.add(4, [u32::MAX - 1, u32::MAX].into_iter());
        assert_eq!(s.position(4, u32::MAX, 2), Some(1));
    }
}
