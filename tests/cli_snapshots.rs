//! The CLI's help and error output, pinned. After an intended change, regenerate with
//! `TRYCMD=overwrite cargo test --test cli_snapshots` and review the diff of `tests/cmd/`.

#[test]
fn cli_snapshots() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
