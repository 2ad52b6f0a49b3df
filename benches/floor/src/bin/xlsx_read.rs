//! xlsx_read DIR/data/2024-05 — the floor for reading spreadsheet inputs:
//! every .xlsx in the folder read with calamine alone, the way appraise
//! reads one (the file's bytes in memory, the first sheet, every cell
//! through calamine's cells reader), touching each cell's value. With
//! `--range` it reads each sheet whole with `worksheet_range` instead
//! (calamine's usual API). Prints the cells and text bytes seen.
use calamine::{DataRef, Reader, Xlsx};
use std::io::Cursor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = &args[1];
    let whole = args.iter().any(|a| a == "--range");
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    let (mut cells, mut text) = (0u64, 0u64);
    for path in files.iter().filter(|p| p.extension().is_some_and(|e| e == "xlsx")) {
        let bytes = std::fs::read(path)?;
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.as_slice()))?;
        let sheet = wb.sheet_names().first().cloned().ok_or("no sheet")?;
        if whole {
            let range = wb.worksheet_range(&sheet)?;
            for c in range.used_cells() {
                cells += 1;
                if let calamine::Data::String(s) = c.2 {
                    text += s.len() as u64;
                }
            }
            continue;
        }
        let mut reader = wb.worksheet_cells_reader(&sheet)?;
        while let Some(c) = reader.next_cell()? {
            match c.get_value() {
                DataRef::Empty => continue,
                DataRef::String(s) => text += s.len() as u64,
                DataRef::SharedString(s) => text += s.len() as u64,
                _ => {}
            }
            cells += 1;
        }
    }
    println!("{cells} cells, {text} bytes of text");
    Ok(())
}
