//! Fuzz target: arbitrary bytes as a GTFS feed through `longrail::harness::gtfs_bytes`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::gtfs_bytes(data));
