"""The bureau's data-collection workbook: `layout` (its sheets and columns), `prefill` (what
the pack already says, as the workbook's rows), `template` (writing it), `reader` (reading
and checking every cell), `merge` (the pack's files as the workbook changes them) and
`csv_text` (the pack's CSV files as rows and back); `docs/workbook.md`."""
