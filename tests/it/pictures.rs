//! Pictures as a user makes them: the real binary writes PNG, SVG and GIF files into a scratch
//! directory, and each is read back by a decoder that is not longrail's (the `png` and `gif`
//! crates, `roxmltree` for the SVG, headless Chromium to draw the SVG). The train's colours
//! are the Tango and xterm values the themes are painted with, written out here.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

use crate::common::bin::{self, files_in, in_ci};

/// The binary on UTC.
fn longrail() -> Command {
    let mut cmd = bin::longrail();
    cmd.env("TZ", "UTC");
    cmd
}

fn run(args: &[&str]) -> Output {
    longrail().args(args).output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    bin::scratch(&format!("pictures-{name}"))
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

const AT: &str = "2025-06-20T12:00:00Z";

/// The raster font's cell and the SVG's, in pixels.
const PNG_CELL: (usize, usize) = (8, 13);
const SVG_CELL: (usize, usize) = (10, 20);

/// The train's colour in each theme: dark draws it in bright yellow (Tango `#fce94f`), light
/// in the deep magenta the light theme declares for contrast on white (`#960096`), high
/// contrast reversed on bright green (xterm `#00ff00`).
const TRAIN: [(&str, [u8; 3]); 3] = [
    ("dark", [0xfc, 0xe9, 0x4f]),
    ("light", [0x96, 0x00, 0x96]),
    ("high-contrast", [0x00, 0xff, 0x00]),
];

/// An RGB image read back.
struct Image {
    width: usize,
    height: usize,
    rgb: Vec<u8>,
}

impl Image {
    fn png(path: &Path) -> Self {
        let decoder = png::Decoder::new(BufReader::new(std::fs::File::open(path).unwrap()));
        let mut reader = decoder.read_info().unwrap();
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        let info = reader.next_frame(&mut buf).unwrap();
        let step = match info.color_type {
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            other => panic!("{other:?}"),
        };
        let rgb = buf[..info.buffer_size()]
            .chunks(step)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        Self {
            width: info.width as usize,
            height: info.height as usize,
            rgb,
        }
    }

    fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// The pixels of cell (`col`, `row`) for cells of `cell` pixels.
    fn cell(&self, (col, row): (usize, usize), cell: (usize, usize)) -> Vec<[u8; 3]> {
        let mut px = Vec::new();
        for y in row * cell.1..(row + 1) * cell.1 {
            for x in col * cell.0..(col + 1) * cell.0 {
                px.push(self.at(x, y));
            }
        }
        px
    }
}

/// Where the train is on the text frame: the `◀` or `▶` on the strip's track row.
fn train_cell(text: &str) -> (usize, usize) {
    for (row, line) in text.lines().enumerate() {
        if line.contains('━') || line.contains('─') {
            for (col, c) in line.chars().enumerate() {
                if c == '◀' || c == '▶' {
                    return (col, row);
                }
            }
        }
    }
    panic!("no train in\n{text}");
}

fn close(a: [u8; 3], b: [u8; 3], by: u8) -> bool {
    (0..3).all(|i| a[i].abs_diff(b[i]) <= by)
}

#[test]
fn a_png_is_the_grid_times_the_cell_and_the_train_wears_its_themes_colour() {
    let dir = scratch("png");
    for (theme, train) in TRAIN {
        let path = dir.join(format!("{theme}.png"));
        let said = ok(&[
            "frame",
            "--at",
            AT,
            "--size",
            "120x40",
            "--theme",
            theme,
            "--out",
            path.to_str().unwrap(),
        ]);
        assert!(said.contains("960x520 pixels"), "{said}");
        let image = Image::png(&path);
        assert_eq!((image.width, image.height), (120 * 8, 40 * 13));
        let text = ok(&["frame", "--at", AT, "--size", "120x40", "--theme", theme]);
        let cell = image.cell(train_cell(&text), PNG_CELL);
        let share = cell.iter().filter(|&&p| p == train).count();
        assert!(
            share >= 10,
            "{theme}: {share} of the train's pixels are {train:?}"
        );
    }
    // The dark theme's background is its own, not the library's blue: the top left corner
    // of the strip's frame, a blank at the far left of row 1, is dark grey.
    let image = Image::png(&dir.join("dark.png"));
    assert_eq!(image.at(2, 13 + 2), [0x1c, 0x1f, 0x26]);
}

/// The SVG's text put back on a grid: each `<text>` at its column and row.
fn svg_rows(doc: &roxmltree::Document, (cols, rows): (usize, usize)) -> Vec<String> {
    let mut grid = vec![vec![' '; cols]; rows];
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let x: usize = node.attribute("x").unwrap().parse().unwrap();
        let y: usize = node.attribute("y").unwrap().parse().unwrap();
        let (col, row) = (x / SVG_CELL.0, y / SVG_CELL.1);
        let text = node.text().unwrap_or("");
        for (i, c) in text.chars().enumerate() {
            grid[row][col + i] = if c == '\u{a0}' { ' ' } else { c };
        }
    }
    grid.into_iter()
        .map(|r| r.into_iter().collect::<String>().trim_end().to_owned())
        .collect()
}

#[test]
fn an_svg_is_xml_holding_the_screens_text_cell_for_cell() {
    let dir = scratch("svg");
    let path = dir.join("frame.svg");
    ok(&[
        "frame",
        "--at",
        AT,
        "--size",
        "120x40",
        "--out",
        path.to_str().unwrap(),
    ]);
    let xml = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let svg = doc.root_element();
    assert_eq!(
        (svg.attribute("width"), svg.attribute("height")),
        (Some("1200"), Some("800"))
    );
    assert!(svg.attribute("font-family").unwrap().ends_with("monospace"));
    let title = svg.children().find(|n| n.has_tag_name("title")).unwrap();
    assert!(title.text().unwrap().contains("Pyongyang → Moscow"));
    let text = ok(&["frame", "--at", AT, "--size", "120x40"]);
    let rows = svg_rows(&doc, (120, 40));
    let expected: Vec<&str> = text.lines().collect();
    assert_eq!(rows, expected);
    assert!(
        rows[0]
            .trim_start()
            .starts_with("longrail Pyongyang → Moscow"),
        "{}",
        rows[0]
    );
    for station in ["Mogocha", "Chita", "Skovorodino", "Irkutsk", "Novosibirsk"] {
        assert!(xml.contains(station), "{station}");
    }
}

#[test]
fn ascii_pictures_hold_only_ascii() {
    let dir = scratch("ascii");
    let path = dir.join("frame.svg");
    ok(&[
        "frame",
        "--at",
        AT,
        "--view",
        "split",
        "--ascii",
        "--out",
        path.to_str().unwrap(),
    ]);
    let xml = std::fs::read_to_string(&path).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let texts: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    assert!(texts.contains("Pyongyang"));
    let odd: Vec<char> = texts
        .chars()
        .filter(|&c| !c.is_ascii() && c != '\u{a0}')
        .collect();
    assert!(odd.is_empty(), "{odd:?}");
}

/// A GIF read back: its size and, per image, the delay and the canvas after it (RGB).
struct Gif {
    width: usize,
    height: usize,
    delays: Vec<u16>,
    last: Vec<u8>,
}

impl Gif {
    fn read(path: &Path) -> Self {
        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::RGBA);
        let mut decoder = options
            .read_info(BufReader::new(std::fs::File::open(path).unwrap()))
            .unwrap();
        let (width, height) = (decoder.width() as usize, decoder.height() as usize);
        let mut canvas = vec![0u8; width * height * 3];
        let mut delays = Vec::new();
        while let Some(frame) = decoder.read_next_frame().unwrap() {
            delays.push(frame.delay);
            let (l, t, w) = (
                frame.left as usize,
                frame.top as usize,
                frame.width as usize,
            );
            for (i, px) in frame.buffer.chunks(4).enumerate() {
                if px[3] == 255 {
                    let (x, y) = (l + i % w, t + i / w);
                    canvas[(y * width + x) * 3..(y * width + x) * 3 + 3].copy_from_slice(&px[..3]);
                }
            }
        }
        Self {
            width,
            height,
            delays,
            last: canvas,
        }
    }
}

#[test]
fn a_gif_has_a_frame_per_change_with_its_delay_and_ends_on_the_last_screen() {
    let dir = scratch("gif");
    let path = dir.join("moving.gif");
    // At 10,000× the clocks change every frame: 20 images of a tenth of a second.
    let said = ok(&[
        "record",
        "--out",
        path.to_str().unwrap(),
        "--size",
        "80x24",
        "--fps",
        "10",
        "--duration",
        "2s",
        "--speed",
        "10000",
        "--start",
        AT,
    ]);
    assert!(said.contains("20 frames, 20 images"), "{said}");
    let gif = Gif::read(&path);
    assert_eq!((gif.width, gif.height), (80 * 8, 24 * 13));
    assert_eq!(gif.delays, vec![10; 20]);
    // Paused, nothing changes after the first frame: one image for the whole length.
    let paused = dir.join("paused.gif");
    let said = ok(&[
        "record",
        "--out",
        paused.to_str().unwrap(),
        "--size",
        "40x12",
        "--fps",
        "4",
        "--duration",
        "3s",
        "--paused",
        "--start",
        AT,
    ]);
    assert!(said.contains("12 frames, 1 images"), "{said}");
    let gif = Gif::read(&paused);
    assert_eq!(gif.delays, vec![300]);
    // That one image is the whole screen, pixel for pixel the PNG `frame` draws of it.
    let png = dir.join("paused.png");
    ok(&[
        "frame",
        "--at",
        AT,
        "--size",
        "40x12",
        "--paused",
        "--out",
        png.to_str().unwrap(),
    ]);
    let still = Image::png(&png);
    assert_eq!((still.width, still.height), (gif.width, gif.height));
    let differ = gif
        .last
        .chunks(3)
        .zip(still.rgb.chunks(3))
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differ, 0, "{differ} pixels differ from frame's PNG");
}

#[test]
fn the_format_follows_the_extension_unless_told() {
    let dir = scratch("formats");
    let out = run(&[
        "frame",
        "--at",
        AT,
        "--out",
        dir.join("a.jpg").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\".jpg\"") && err.contains(".png or .svg"),
        "{err}"
    );
    let out = run(&["record", "--out", dir.join("a.png").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".cast or .gif") && err.contains("--format cast|gif"),
        "{err}"
    );
    // --format wins over the extension.
    let cast_named = dir.join("really-a-gif.cast");
    ok(&[
        "record",
        "--format",
        "gif",
        "--out",
        cast_named.to_str().unwrap(),
        "--duration",
        "1s",
        "--size",
        "20x5",
    ]);
    assert!(std::fs::read(&cast_named).unwrap().starts_with(b"GIF89a"));
    let png_named = dir.join("really-an-svg.png");
    ok(&[
        "frame",
        "--at",
        AT,
        "--format",
        "svg",
        "--out",
        png_named.to_str().unwrap(),
    ]);
    assert!(
        std::fs::read_to_string(&png_named)
            .unwrap()
            .starts_with("<?xml")
    );
    assert_eq!(files_in(&dir), ["really-a-gif.cast", "really-an-svg.png"]);
}

#[test]
fn an_existing_picture_is_kept_unless_forced_and_too_large_is_refused() {
    let dir = scratch("exists");
    let path = dir.join("mine.png");
    std::fs::write(&path, "mine").unwrap();
    let out = run(&["frame", "--at", AT, "--out", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"mine");
    ok(&[
        "frame",
        "--at",
        AT,
        "--out",
        path.to_str().unwrap(),
        "--force",
    ]);
    assert!(std::fs::read(&path).unwrap().starts_with(b"\x89PNG"));
    let huge = dir.join("huge.png");
    let out = run(&[
        "frame",
        "--at",
        AT,
        "--size",
        "1000x1000",
        "--out",
        huge.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("1000x1000") && err.contains("smaller --size"),
        "{err}"
    );
    let out = run(&["frame", "--at", AT, "--out", "/nonexistent-longrail/a.svg"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent-longrail/a.svg"), "{err}");
    assert_eq!(files_in(&dir), ["mine.png"]);
}

#[test]
fn an_interrupted_gif_leaves_nothing_behind() {
    let dir = scratch("interrupted");
    let path = dir.join("long.gif");
    let mut child = longrail()
        .args([
            "record",
            "--out",
            path.to_str().unwrap(),
            "--duration",
            "1d",
            "--paused",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.starts_with("recording"), "{line}");
    assert_eq!(files_in(&dir).len(), 1, "the temporary file");
    kill(
        Pid::from_raw(i32::try_from(child.id()).unwrap()),
        Signal::SIGINT,
    )
    .unwrap();
    let status = child.wait().unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
    // Ended by SIGINT: 128 + 2, as every command a signal stops.
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(
        rest.contains("interrupted") && rest.contains("long.gif"),
        "{rest}"
    );
    assert!(files_in(&dir).is_empty(), "{:?}", files_in(&dir));
}

/// Debian's Chromium, as `.ci/setup-tools` installs it.
fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser"]
        .into_iter()
        .find_map(|name| {
            Command::new(name)
                .arg("--version")
                .output()
                .ok()
                .filter(|o| o.status.success())
                .map(|_| PathBuf::from(name))
        })
}

#[test]
fn chromium_draws_the_svg_with_the_train_in_its_colour() {
    let Some(browser) = chromium() else {
        let note = "no chromium on PATH: run .ci/setup-tools (Debian's chromium package)";
        assert!(!in_ci(), "{note}");
        eprintln!("skipped: {note}");
        return;
    };
    let dir = scratch("chromium");
    let svg = dir.join("frame.svg");
    ok(&[
        "frame",
        "--at",
        AT,
        "--size",
        "120x40",
        "--out",
        svg.to_str().unwrap(),
    ]);
    let shot = dir.join("shot.png");
    let out = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--window-size=1200,800",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg(format!("file://{}", svg.display()))
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success() && shot.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let image = Image::png(&shot);
    assert_eq!((image.width, image.height), (1200, 800));
    let text = ok(&["frame", "--at", AT, "--size", "120x40"]);
    let train = TRAIN[0].1;
    let cell = image.cell(train_cell(&text), SVG_CELL);
    let share = cell.iter().filter(|&&p| close(p, train, 2)).count();
    assert!(
        share >= 10,
        "{share} of the train's pixels are {train:?} in Chromium's drawing"
    );
    assert!(
        close(image.at(2, 22), [0x1c, 0x1f, 0x26], 2),
        "{:?}",
        image.at(2, 22)
    );
}
