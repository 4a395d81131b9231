//! Fuzz target: arbitrary text through `longrail::harness::instant_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        longrail::harness::instant_text(text);
    }
});
