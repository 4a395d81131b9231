//! Fuzz target: structured route files built from the input bytes, through
//! `longrail::harness::route_choices`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| longrail::harness::route_choices(data));
