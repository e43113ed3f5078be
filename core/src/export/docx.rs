//! Drafts as a Word document (.docx) for the agency's written reports.
//!
//! The admin attaches this "naskah konten" (content script) to reports for the head of the
//! agency, or prints it for sign-off, so it reads the way a draft is reviewed: its status and
//! provenance, the shared narrative, any per-platform text, hashtags, notes and the pictures
//! that go with it. The document itself is built by `docx-rs`; this file only decides layout.

use std::io::Cursor;

use docx_rs::{
    BreakType, Docx, LineSpacing, Paragraph, Run, RunFonts, Style, StyleType, Table, TableCell,
    TableRow, WidthType,
};

use crate::{Error, Result};

/// One draft (draf: a post being prepared, not yet published) as it appears in the report.
/// Every field is already a label or formatted text: the export decides nothing about drafts.
pub struct DocxDraft {
    pub title: String,
    /// Already a label, e.g. "Disetujui".
    pub status: String,
    /// The agency programme the post promotes, e.g. "Cianjur Manjur"; may be empty.
    pub programme: String,
    /// Where the material came from; may be empty.
    pub source: String,
    /// Already formatted, e.g. "26 Nov 2026 14.05 WIB".
    pub updated_at_wib: String,
    /// The narrative shared by all platforms; may contain line breaks and emoji.
    pub body: String,
    /// Text used on Instagram instead of `body`; `None` means the body is used as is.
    pub instagram_text: Option<String>,
    /// Text used on Facebook instead of `body`; `None` means the body is used as is.
    pub facebook_text: Option<String>,
    /// e.g. "#CianjurManjur #DinkesCianjur".
    pub hashtags: String,
    pub notes: String,
    /// File names of the pictures attached to the draft; the pictures are not embedded.
    pub media_names: Vec<String>,
}

/// Who the report comes from and when it was made; printed once at the top.
pub struct DocxReport {
    pub agency_name: String,
    pub agency_code: String,
    pub admin_name: String,
    /// Already formatted, e.g. "26 Nov 2026 14.05 WIB".
    pub generated_at_wib: String,
}

const DOCUMENT_TITLE: &str = "Naskah Konten Media Sosial";
const UNTITLED: &str = "(tanpa judul)";
/// Shown in a table cell whose value is empty, so a blank cell is not mistaken for a misprint.
const NO_VALUE: &str = "-";
/// Shown under a section heading whose text is empty.
const NO_TEXT: &str = "(kosong)";

const STYLE_TITLE: &str = "Title";
const STYLE_DRAFT_TITLE: &str = "Heading1";
const STYLE_SECTION: &str = "Heading2";

/// docx-rs lays out A4 with 3 cm side margins; the metadata table spans that width.
const TEXT_WIDTH_TWIPS: usize = 11906 - 2 * 1701;
const LABEL_WIDTH_TWIPS: usize = 2268;

/// Builds the .docx bytes for the drafts, in the given order, one draft per page.
pub fn drafts_to_docx(report: &DocxReport, drafts: &[DocxDraft]) -> Result<Vec<u8>> {
    if drafts.is_empty() {
        return Err(Error::invalid(
            "selection",
            "Pilih minimal satu draf untuk diekspor.",
        ));
    }

    let mut doc = add_report_header(base_document(), report, drafts.len());
    for (index, draft) in drafts.iter().enumerate() {
        doc = add_draft(doc, draft, index > 0);
    }

    let mut out = Cursor::new(Vec::new());
    doc.pack(&mut out).map_err(|e| Error::Io {
        what: "Gagal menyusun berkas Word".into(),
        source: std::io::Error::other(e),
    })?;
    Ok(out.into_inner())
}

/// Fonts and heading styles. Heading names are Word's built-in ones ("heading 1"), so an
/// Indonesian Word shows them as its own localised headings and lists drafts in the
/// navigation pane; Arial covers Latin and Arabic script, Word falls back for emoji.
fn base_document() -> Docx {
    let heading = |id: &str, name: &str, size: usize| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .bold()
            .size(size)
            .line_spacing(LineSpacing::new().before(240).after(120))
    };
    Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii("Arial")
                .hi_ansi("Arial")
                .east_asia("Arial")
                .cs("Arial"),
        )
        .default_size(22)
        .default_line_spacing(LineSpacing::new().after(120))
        .add_style(heading(STYLE_TITLE, "Title", 32))
        .add_style(heading(STYLE_DRAFT_TITLE, "heading 1", 28).outline_lvl(0))
        .add_style(heading(STYLE_SECTION, "heading 2", 24).outline_lvl(1))
}

fn add_report_header(doc: Docx, report: &DocxReport, draft_count: usize) -> Docx {
    let name = report.agency_name.trim();
    let code = report.agency_code.trim();
    let agency = match (name.is_empty(), code.is_empty()) {
        (false, false) => format!("{name} ({code})"),
        (false, true) => name.to_owned(),
        (true, _) => code.to_owned(),
    };
    let admin = non_blank_or(&report.admin_name, NO_VALUE);
    let printed = non_blank_or(&report.generated_at_wib, NO_VALUE);

    doc.add_paragraph(
        Paragraph::new()
            .style(STYLE_TITLE)
            .add_run(Run::new().add_text(DOCUMENT_TITLE)),
    )
    .add_paragraph(Paragraph::new().add_run(lines_run(&agency).bold()))
    .add_paragraph(Paragraph::new().add_run(lines_run(&format!("Disusun oleh: {admin}"))))
    .add_paragraph(Paragraph::new().add_run(lines_run(&format!("Dicetak: {printed}"))))
    .add_paragraph(
        Paragraph::new().add_run(Run::new().add_text(format!("Jumlah draf: {draft_count}"))),
    )
}

fn add_draft(doc: Docx, draft: &DocxDraft, new_page: bool) -> Docx {
    let title = non_blank_or(&draft.title, UNTITLED);
    let mut doc = doc
        .add_paragraph(
            Paragraph::new()
                .style(STYLE_DRAFT_TITLE)
                .keep_next(true)
                .page_break_before(new_page)
                .add_run(lines_run(title)),
        )
        .add_table(metadata_table(draft));

    doc = add_section(doc, "Narasi", &draft.body);
    if let Some(text) = &draft.instagram_text {
        doc = add_section(doc, "Teks Instagram", text);
    }
    if let Some(text) = &draft.facebook_text {
        doc = add_section(doc, "Teks Facebook", text);
    }
    doc = add_section(doc, "Tagar", non_blank_or(&draft.hashtags, NO_VALUE));
    if !draft.notes.trim().is_empty() {
        doc = add_section(doc, "Catatan", &draft.notes);
    }
    if !draft.media_names.is_empty() {
        doc = section_heading(doc, "Lampiran gambar");
        for (number, name) in (1..).zip(&draft.media_names) {
            doc = doc.add_paragraph(
                Paragraph::new().add_run(lines_run(&format!("{number}. {}", name.trim()))),
            );
        }
    }
    doc
}

fn metadata_table(draft: &DocxDraft) -> Table {
    let row = |label: &str, value: &str| {
        TableRow::new(vec![
            TableCell::new()
                .width(LABEL_WIDTH_TWIPS, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(Run::new().add_text(label).bold())),
            TableCell::new()
                .width(TEXT_WIDTH_TWIPS - LABEL_WIDTH_TWIPS, WidthType::Dxa)
                .add_paragraph(Paragraph::new().add_run(lines_run(non_blank_or(value, NO_VALUE)))),
        ])
    };
    Table::new(vec![
        row("Status", &draft.status),
        row("Program", &draft.programme),
        row("Sumber", &draft.source),
        row("Terakhir diubah", &draft.updated_at_wib),
    ])
    .set_grid(vec![
        LABEL_WIDTH_TWIPS,
        TEXT_WIDTH_TWIPS - LABEL_WIDTH_TWIPS,
    ])
    .width(TEXT_WIDTH_TWIPS, WidthType::Dxa)
}

fn section_heading(doc: Docx, heading: &str) -> Docx {
    doc.add_paragraph(
        Paragraph::new()
            .style(STYLE_SECTION)
            .keep_next(true)
            .add_run(Run::new().add_text(heading)),
    )
}

/// A heading and the text under it, one Word paragraph per block of text separated by
/// blank lines, with single line breaks kept inside a paragraph as the admin typed them.
fn add_section(doc: Docx, heading: &str, text: &str) -> Docx {
    let mut doc = section_heading(doc, heading);
    let text = xml_safe(text);
    let mut wrote_any = false;
    for block in text
        .split('\n')
        .collect::<Vec<_>>()
        .split(|line| line.trim().is_empty())
    {
        if block.is_empty() {
            continue;
        }
        doc = doc.add_paragraph(Paragraph::new().add_run(run_of_lines(block)));
        wrote_any = true;
    }
    if !wrote_any {
        doc = doc.add_paragraph(Paragraph::new().add_run(Run::new().add_text(NO_TEXT).italic()));
    }
    doc
}

/// One run for a short value, dropping blank lines but keeping the others on their own line.
fn lines_run(text: &str) -> Run {
    let text = xml_safe(text);
    let lines: Vec<&str> = text
        .split('\n')
        .filter(|line| !line.trim().is_empty())
        .collect();
    run_of_lines(&lines)
}

fn run_of_lines(lines: &[&str]) -> Run {
    let mut run = Run::new();
    for (index, line) in lines.iter().enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        for (piece_index, piece) in line.split('\t').enumerate() {
            if piece_index > 0 {
                run = run.add_tab();
            }
            if !piece.is_empty() {
                run = run.add_text(piece);
            }
        }
    }
    run
}

/// Normalises line endings to `\n` and drops characters XML 1.0 cannot carry: one stray
/// control character pasted from a chat app would otherwise make Word reject the whole file.
/// docx-rs escapes markup characters itself.
fn xml_safe(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| matches!(c, '\t' | '\n' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..))
        .collect()
}

fn non_blank_or<'a>(text: &'a str, fallback: &'a str) -> &'a str {
    if text.trim().is_empty() {
        fallback
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use std::io::Read;

    use quick_xml::events::Event;
    use quick_xml::Reader;

    use super::*;

    fn report() -> DocxReport {
        DocxReport {
            agency_name: "Dinas Kesehatan Kabupaten Cianjur".into(),
            agency_code: "DINKES".into(),
            admin_name: "Siti Nurhaliza".into(),
            generated_at_wib: "27 Nov 2026 09.00 WIB".into(),
        }
    }

    fn draft(title: &str) -> DocxDraft {
        DocxDraft {
            title: title.into(),
            status: "Disetujui".into(),
            programme: "Cianjur Manjur".into(),
            source: "Bidang P2P".into(),
            updated_at_wib: "26 Nov 2026 14.05 WIB".into(),
            body: "Ayo imunisasi di Puskesmas terdekat.".into(),
            instagram_text: None,
            facebook_text: None,
            hashtags: "#CianjurManjur #DinkesCianjur".into(),
            notes: String::new(),
            media_names: Vec::new(),
        }
    }

    fn document_xml(docx: &[u8]) -> String {
        let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a .docx is a zip");
        let mut entry = archive
            .by_name("word/document.xml")
            .expect("the zip holds word/document.xml");
        let mut xml = String::new();
        entry
            .read_to_string(&mut xml)
            .expect("document.xml is UTF-8");
        xml
    }

    /// The text of each Word paragraph, line breaks as `\n`, tabs as `\t`. Reading the whole
    /// document also proves it is well-formed XML: any syntax error panics here.
    fn paragraphs(xml: &str) -> Vec<String> {
        let mut reader = Reader::from_str(xml);
        let mut found = Vec::new();
        let mut current = String::new();
        let mut in_text = false;
        loop {
            match reader.read_event().expect("document.xml is well-formed") {
                Event::Start(e) if e.name().as_ref() == b"w:t" => in_text = true,
                Event::End(e) if e.name().as_ref() == b"w:t" => in_text = false,
                Event::End(e) if e.name().as_ref() == b"w:p" => {
                    found.push(std::mem::take(&mut current));
                }
                Event::Empty(e) if e.name().as_ref() == b"w:br" => current.push('\n'),
                Event::Empty(e) if e.name().as_ref() == b"w:tab" => current.push('\t'),
                Event::Text(t) if in_text => current.push_str(&t.decode().expect("UTF-8")),
                Event::GeneralRef(r) if in_text => {
                    let reference = format!("&{};", r.decode().expect("UTF-8"));
                    let resolved =
                        quick_xml::escape::unescape(&reference).expect("a known XML entity");
                    current.push_str(&resolved);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        found
    }

    fn export(drafts: &[DocxDraft]) -> Vec<String> {
        let docx = drafts_to_docx(&report(), drafts).expect("export succeeds");
        paragraphs(&document_xml(&docx))
    }

    fn position(paragraphs: &[String], text: &str) -> usize {
        paragraphs
            .iter()
            .position(|p| p == text)
            .unwrap_or_else(|| panic!("no paragraph {text:?} in {paragraphs:#?}"))
    }

    #[test]
    fn export_is_a_zip_whose_xml_parts_are_all_well_formed() {
        let docx = drafts_to_docx(&report(), &[draft("Imunisasi")]).expect("export succeeds");
        let mut archive = zip::ZipArchive::new(Cursor::new(&docx)).expect("a .docx is a zip");
        let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
        assert!(names.iter().any(|n| n == "word/document.xml"), "{names:?}");
        assert!(
            names.iter().any(|n| n == "[Content_Types].xml"),
            "{names:?}"
        );
        for name in names
            .iter()
            .filter(|n| n.ends_with(".xml") || n.ends_with(".rels"))
        {
            let mut xml = String::new();
            archive
                .by_name(name)
                .expect("listed entry exists")
                .read_to_string(&mut xml)
                .expect("XML part is UTF-8");
            let mut reader = Reader::from_str(&xml);
            loop {
                match reader.read_event() {
                    Ok(Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("{name} is not well-formed: {e}"),
                }
            }
        }
    }

    #[test]
    fn report_header_names_agency_admin_and_print_time() {
        let found = export(&[draft("Imunisasi")]);
        assert_eq!(found[0], "Naskah Konten Media Sosial");
        for expected in [
            "Dinas Kesehatan Kabupaten Cianjur (DINKES)",
            "Disusun oleh: Siti Nurhaliza",
            "Dicetak: 27 Nov 2026 09.00 WIB",
            "Jumlah draf: 1",
        ] {
            position(&found, expected);
        }
    }

    #[test]
    fn every_draft_title_and_its_metadata_appear_in_order() {
        let mut second = draft("Posyandu Balita");
        second.programme = String::new();
        let found = export(&[draft("Imunisasi Anak"), second]);
        let first_at = position(&found, "Imunisasi Anak");
        let second_at = position(&found, "Posyandu Balita");
        assert!(first_at < second_at);
        let first_meta = &found[first_at + 1..first_at + 9];
        assert_eq!(
            first_meta,
            [
                "Status",
                "Disetujui",
                "Program",
                "Cianjur Manjur",
                "Sumber",
                "Bidang P2P",
                "Terakhir diubah",
                "26 Nov 2026 14.05 WIB"
            ]
        );
        assert_eq!(found[second_at + 4], "-", "empty programme shows a dash");
    }

    #[test]
    fn body_keeps_emoji_sundanese_and_arabic_text() {
        let mut greeting = draft("Sambutan");
        greeting.body = "Wilujeng sumping 🙏 مرحبا".into();
        let found = export(&[greeting]);
        let narasi = position(&found, "Narasi");
        assert_eq!(found[narasi + 1], "Wilujeng sumping 🙏 مرحبا");
    }

    #[test]
    fn body_blank_lines_split_paragraphs_and_single_newlines_stay_line_breaks() {
        let mut info = draft("Jadwal");
        info.body = "Baris satu\r\nBaris dua\n\n  \nParagraf dua\tkolom".into();
        let found = export(&[info]);
        let narasi = position(&found, "Narasi");
        assert_eq!(found[narasi + 1], "Baris satu\nBaris dua");
        assert_eq!(found[narasi + 2], "Paragraf dua\tkolom");
        assert_eq!(found[narasi + 3], "Tagar");
    }

    #[test]
    fn platform_sections_appear_only_for_drafts_with_an_override() {
        let mut with_override = draft("Dengan teks khusus");
        with_override.instagram_text = Some("Versi Instagram ✨".into());
        with_override.facebook_text = Some("Versi Facebook".into());
        let found = export(&[with_override, draft("Tanpa teks khusus")]);
        let second_at = position(&found, "Tanpa teks khusus");
        for heading in ["Teks Instagram", "Teks Facebook"] {
            let headings: Vec<usize> = (0..found.len()).filter(|&i| found[i] == heading).collect();
            assert_eq!(headings.len(), 1, "{heading} once: {found:#?}");
            assert!(
                headings[0] < second_at,
                "{heading} belongs to the first draft"
            );
        }
        assert_eq!(
            found[position(&found, "Teks Instagram") + 1],
            "Versi Instagram ✨"
        );
    }

    #[test]
    fn hashtags_are_always_shown_and_notes_and_pictures_only_when_present() {
        let mut full = draft("Lengkap");
        full.notes = "Tunggu foto dari Puskesmas.".into();
        full.media_names = vec!["poster.jpg".into(), "kegiatan.png".into()];
        let mut bare = draft("Polos");
        bare.hashtags = String::new();
        let found = export(&[full, bare]);

        let tagar = position(&found, "Tagar");
        assert_eq!(found[tagar + 1], "#CianjurManjur #DinkesCianjur");
        let catatan = position(&found, "Catatan");
        assert_eq!(found[catatan + 1], "Tunggu foto dari Puskesmas.");
        let lampiran = position(&found, "Lampiran gambar");
        assert_eq!(
            found[lampiran + 1..lampiran + 3],
            ["1. poster.jpg", "2. kegiatan.png"]
        );

        let bare_at = position(&found, "Polos");
        let bare_part = &found[bare_at..];
        assert_eq!(
            bare_part.last().map(String::as_str),
            Some("-"),
            "empty hashtags"
        );
        assert!(!bare_part
            .iter()
            .any(|p| p == "Catatan" || p == "Lampiran gambar"));
    }

    #[test]
    fn untitled_draft_and_empty_body_get_indonesian_placeholders() {
        let mut untitled = draft("   ");
        untitled.body = "\n\n".into();
        let found = export(&[untitled]);
        position(&found, "(tanpa judul)");
        assert_eq!(found[position(&found, "Narasi") + 1], "(kosong)");
    }

    #[test]
    fn each_draft_after_the_first_starts_on_a_new_page() {
        let docx = drafts_to_docx(&report(), &[draft("Satu"), draft("Dua"), draft("Tiga")])
            .expect("export succeeds");
        let xml = document_xml(&docx);
        assert_eq!(xml.matches("<w:pageBreakBefore").count(), 2, "{xml}");
    }

    #[test]
    fn xml_special_characters_are_escaped_and_read_back_unchanged() {
        let mut tricky = draft(r#"<b>&"' Judul"#);
        tricky.body = r#"Harga < 5 & diskon > 2 "hemat" 'kan?"#.into();
        tricky.media_names = vec!["foto&<1>.jpg".into()];
        let docx = drafts_to_docx(&report(), &[tricky]).expect("export succeeds");
        let xml = document_xml(&docx);
        assert!(xml.contains("&lt;b&gt;&amp;"), "markup is escaped: {xml}");
        assert!(!xml.contains("<b>"), "no raw markup leaks into the XML");

        let found = paragraphs(&xml);
        position(&found, r#"<b>&"' Judul"#);
        position(&found, r#"Harga < 5 & diskon > 2 "hemat" 'kan?"#);
        position(&found, "1. foto&<1>.jpg");
    }

    #[test]
    fn control_characters_are_dropped_so_word_can_open_the_file() {
        let mut pasted = draft("Tempelan\u{0}");
        pasted.body = "Teks\u{b} dari\u{1} WhatsApp\u{FFFF}".into();
        let found = export(&[pasted]);
        position(&found, "Tempelan");
        position(&found, "Teks dari WhatsApp");
    }

    #[test]
    fn empty_selection_is_refused_in_indonesian() {
        let err = drafts_to_docx(&report(), &[]).expect_err("nothing to export");
        assert_eq!(err.code(), "invalid.selection");
        assert_eq!(err.to_string(), "Pilih minimal satu draf untuk diekspor.");
    }
}
