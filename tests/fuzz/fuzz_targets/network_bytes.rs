//! Fuzz target: arbitrary bytes as a GTFS feed through the network model
//! (`longrail::harness::network_bytes`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::network_bytes(data));
