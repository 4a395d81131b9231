//! Fuzz target: arbitrary bytes as a GTFS-Realtime message applied to a small network
//! (`longrail::harness::realtime_bytes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::realtime_bytes(data));
