// Generated from the Rust IPC types by ts-rs. Do not edit by hand:
// run `cargo xtask bindings` after changing a type.

export type ErrorPayload = { code: string, message: string, };

export type MetaState = { instagram: boolean, facebook: boolean, 
/**
 * Why the hub's connection is broken, when it is (Indonesian).
 */
problem: string | null, };

export type Handover = { slot_id: number, 
/**
 * `menunggu`, `diterbitkan`, `gagal`, `ditarik`, or `perlu_keputusan` (time passed
 * while offline, never handed over).
 */
state: string, failure: string | null, waiting_reason: string | null, permalink: string | null, };

export type InboxReply = { message: string, 
/**
 * `antre`, `dikirim`, `terkirim` or `gagal`.
 */
state: string, failure: string | null, };

export type InboxComment = { id: string, platform: Platform, permalink: string | null, author: string | null, text: string, 
/**
 * WIB, "YYYY-MM-DD HH:MM".
 */
commented_at_wib: string, 
/**
 * `baru`, `aduan` or `diabaikan`.
 */
state: string, complaint_id: number | null, 
/**
 * Replies queued or sent through the hub, oldest first.
 */
replies: Array<InboxReply>, };

export type Figures = { permalink: string, platform: Platform, views: number | null, reach: number | null, likes: number | null, comments: number | null, shares: number | null, saved: number | null, };

export type BestHour = { platform: Platform, hour: number, average_reach: number, posts: number, };

export type MetaOverview = { state: MetaState, handovers: Array<Handover>, new_comments: number, best_hours: Array<BestHour>, };

export type Language = "id" | "en";

export type AgencyProfile = { 
/**
 * Full agency name, e.g. "Dinas Komunikasi, Informatika dan Persandian".
 */
name: string, 
/**
 * Short code Diskominfo knows the agency by, e.g. "DISKOMINFO".
 */
code: string, address: string, 
/**
 * The admin who runs the agency's accounts.
 */
admin_name: string, updated_at: string, };

export type ProfileInput = { name: string, code: string, address: string, admin_name: string, };

export type ContentSettings = { 
/**
 * Hashtags per Instagram post before a warning; Instagram announced 5 in Dec 2025.
 */
hashtag_limit: number, 
/**
 * The agency's own hashtag, e.g. "#DinkesCianjur"; empty when the agency has none.
 */
agency_hashtag: string, };

export type Programme = { id: number, name: string, hashtag: string, 
/**
 * On the list offered for new choices; a removed programme stays for drafts naming it.
 */
active: boolean, };

export type Template = { id: number, name: string, body: string, builtin: boolean, 
/**
 * The placeholders in the body, in order of first appearance.
 */
placeholders: Array<string>, };

export type ChecklistItem = { key: string, label: string, };

export type ChecklistState = { item: ChecklistItem, checked_by: string | null, checked_at: string | null, };

export type Status = "draf" | "menunggu_persetujuan" | "disetujui" | "terjadwal" | "terbit" | "arsip";

export type Platform = "instagram" | "facebook";

export type Level = "warning" | "error";

export type Finding = { level: Level, 
/**
 * Stable code for tests and translations, e.g. "instagram.too_many_hashtags".
 */
code: string, 
/**
 * Where to show it: a field ("body", "instagram_text", "hashtags", "source", "media").
 */
field: string, message: string, };

export type Draft = { id: number, title: string, 
/**
 * The shared narrative used on every platform without an override.
 */
body: string, for_instagram: boolean, for_facebook: boolean, 
/**
 * Instagram's own text; `None` means "same as the narrative".
 */
instagram_text: string | null, facebook_text: string | null, 
/**
 * Appended to each platform's text, e.g. "#CianjurManjur #DinkesCianjur".
 */
hashtags: string, programme_id: number | null, 
/**
 * Where the information comes from (Permenpan RB 83/2012 asks for it).
 */
source: string, notes: string, status: Status, published_url: string | null, created_at: string, updated_at: string, 
/**
 * The Diskominfo brief (arahan konten) this draft answers, if any.
 */
brief_id: number | null, };

export type DraftSummary = { id: number, title: string, excerpt: string, status: Status, for_instagram: boolean, for_facebook: boolean, programme_id: number | null, updated_at: string, };

export type DraftInput = { title: string, body: string, for_instagram: boolean, for_facebook: boolean, instagram_text: string | null, facebook_text: string | null, hashtags: string, programme_id: number | null, source: string, notes: string, };

export type DraftFilter = { 
/**
 * Words to find anywhere in the draft; each word matches as a prefix.
 */
query: string | null, status: Status | null, platform: Platform | null, programme_id: number | null, 
/**
 * Last edited on or after this day (YYYY-MM-DD, WIB).
 */
from: string | null, 
/**
 * Last edited on or before this day (YYYY-MM-DD, WIB).
 */
to: string | null, };

export type Transition = { from: Status, to: Status, actor: string, note: string, at: string, };

export type Revision = { id: number, title: string, body: string, instagram_text: string | null, facebook_text: string | null, hashtags: string, saved_at: string, };

export type MediaFormat = "jpeg" | "png" | "webp";

export type MediaItem = { id: number, 
/**
 * Hex SHA-256 of the imported bytes; also the file's name in the media folder.
 */
sha256: string, 
/**
 * The file name it had when first imported, to show in lists.
 */
original_name: string, format: MediaFormat, width: number, height: number, 
/**
 * Size of the imported file in bytes.
 */
bytes: number, created_at: string, };

export type Aspect = "square" | "portrait" | "landscape" | "original";

export type Crop = { aspect: Aspect, focus_x: number, focus_y: number, };

export type PreparedImage = { path: string, width: number, height: number, bytes: number, };

export type MediaView = { item: MediaItem, 
/**
 * A `data:` URL of the thumbnail (the CSP allows data: images, nothing remote).
 */
thumbnail: string, findings: Array<Finding>, };

export type LibraryKind = "publishable" | "screenshots";

export type LibraryFilter = { 
/**
 * Part of the file name the image had when imported (case does not matter).
 */
query: string | null, 
/**
 * Imported on or after this day (YYYY-MM-DD, WIB).
 */
from: string | null, 
/**
 * Imported on or before this day (YYYY-MM-DD, WIB).
 */
to: string | null, kind: LibraryKind, 
/**
 * At most this many images, newest first ([`LIBRARY_DEFAULT_LIMIT`] when absent).
 */
limit: number | null, };

export type DraftRef = { id: number, title: string, };

export type LibraryView = { item: MediaItem, 
/**
 * A `data:` URL of the thumbnail, as in the editor.
 */
thumbnail: string, 
/**
 * The drafts it is attached to, most recently edited first.
 */
drafts: Array<DraftRef>, 
/**
 * The complaints it is evidence for.
 */
complaints: number[], };

export type CarouselReport = { folder: string, 
/**
 * One file per photo, in carousel order.
 */
files: Array<PreparedImage>, };

export type DraftDetail = { draft: Draft, findings: Array<Finding>, checklist: Array<ChecklistState>, transitions: Array<Transition>, media: Array<MediaView>, 
/**
 * The workflow steps offered from the current status.
 */
next: Array<Status>, 
/**
 * Whether the text may change in this status (only before approval).
 */
editable: boolean, 
/**
 * The title of the Diskominfo brief this draft answers, when it answers one.
 */
brief_title: string | null, };

export type ImportOutcome = { detail: DraftDetail, refused: Array<ErrorPayload>, };

export type AppStatus = { 
/**
 * Set when the store could not be opened; the window then explains why.
 */
store_error: ErrorPayload | null, store_path: string, 
/**
 * `None` until the first-run form is saved.
 */
profile: AgencyProfile | null, language: Language, draft_count: number, content_settings: ContentSettings, calendar_settings: CalendarSettings, programmes: Array<Programme>, templates: Array<Template>, checklist: Array<ChecklistItem>, 
/**
 * The app clock's minute as "YYYY-MM-DDTHH:MM" WIB: what the calendar calls today (a
 * debug build started with `MEDSOS_TEST_NOW` answers its fixed clock).
 */
now_wib: string, };

export type FirstWeek = { profile: boolean, enrolled: boolean, accounts: boolean, draft: boolean, slot: boolean, complaint: boolean, };

export type SlotStatus = "terjadwal" | "terbit" | "terlewat" | "dibatalkan";

export type PublishInput = { 
/**
 * The slot that went out; needed only when the draft has several open slots.
 */
slot_id: number | null, 
/**
 * The platform it went out on; needed only when the draft has no open slot, and then a
 * slot is recorded for now.
 */
platform: Platform | null, 
/**
 * The post's address on Instagram or Facebook.
 */
url: string, 
/**
 * Who records it.
 */
actor: string, };

export type Slot = { id: number, draft_id: number, draft_title: string, platform: Platform, 
/**
 * The instant, UTC RFC 3339 as stored.
 */
at: string, 
/**
 * The same instant as the admin reads and types it: "YYYY-MM-DDTHH:MM" WIB.
 */
at_wib: string, status: SlotStatus, post_url: string | null, };

export type ScheduleOutcome = { slot: Slot, warnings: Array<Finding>, };

export type ReminderKind = "segera" | "terlewat";

export type Reminder = { slot_id: number, kind: ReminderKind, title: string, at_wib: string, 
/**
 * What the notification and the Beranda list say, in Indonesian.
 */
message: string, };

export type CivicKind = "libur_nasional" | "cuti_bersama" | "hari_jadi" | "peringatan";

export type CivicDay = { 
/**
 * "YYYY-MM-DD".
 */
tanggal: string, nama: string, jenis: CivicKind, };

export type CalendarSettings = { 
/**
 * Posts per week the agency aims for on Instagram.
 */
instagram_weekly_target: number, 
/**
 * Posts per week the agency aims for on Facebook.
 */
facebook_weekly_target: number, 
/**
 * How many minutes before a slot its "segera" reminder falls due.
 */
reminder_lead_minutes: number, };

export type PlatformProgress = { platform: Platform, target: number, published: number, scheduled: number, missed: number, };

export type WeekProgress = { 
/**
 * "YYYY-MM-DD", Monday.
 */
week_start: string, 
/**
 * "YYYY-MM-DD", Sunday.
 */
week_end: string, platforms: Array<PlatformProgress>, 
/**
 * The targets are Diskominfo's, received at the last sync; the PC's own setting applies
 * only before the hub has sent them.
 */
targets_from_diskominfo: boolean, };

export type Channel = "instagram_komentar" | "instagram_dm" | "facebook_komentar" | "facebook_messenger" | "whatsapp" | "telepon" | "datang_langsung" | "sp4n_lapor";

export type ComplaintKind = "pengaduan" | "aspirasi" | "permintaan_informasi";

export type ComplaintStatus = "baru" | "diverifikasi" | "ditindaklanjuti" | "selesai" | "diteruskan" | "ditunda" | "diarsipkan" | "bukan_wewenang";

export type DeadlineKind = "jawaban_pertama" | "verifikasi" | "tindak_lanjut" | "penyelesaian";

export type Deadline = { kind: DeadlineKind, label: string, 
/**
 * Stored UTC instant the deadline ends (the end of its WIB day).
 */
due_at: string, 
/**
 * The last minute that still counts, in WIB: "YYYY-MM-DDT23:59".
 */
due_at_wib: string, met_at: string | null, 
/**
 * Unmet and past due, on an open complaint.
 */
overdue: boolean, };

export type ComplaintInput = { channel: Channel, 
/**
 * Link to the post or comment; may be empty, otherwise an http(s) address.
 */
source_url: string, 
/**
 * Name or @handle; empty means anonymous.
 */
citizen_name: string, 
/**
 * Phone number or e-mail; may be empty.
 */
citizen_contact: string, 
/**
 * What the citizen wrote; required, at most [`MAX_BODY_CHARS`] characters.
 */
body: string, 
/**
 * "YYYY-MM-DDTHH:MM" in WIB, the format the calendar uses.
 */
received_at_wib: string, kind: ComplaintKind, category_id: number, 
/**
 * A kecamatan code "32.03.NN", "luar_cianjur", or "" when unknown.
 */
kecamatan: string, };

export type Complaint = { id: number, 
/**
 * The number citizens are told, e.g. "ADU-000123".
 */
number: string, channel: Channel, source_url: string, citizen_name: string, citizen_contact: string, body: string, 
/**
 * Stored UTC instant.
 */
received_at: string, received_at_wib: string, kind: ComplaintKind, category_id: number, category_name: string, kecamatan: string, kecamatan_name: string, status: ComplaintStatus, 
/**
 * The open status a ditunda complaint returns to.
 */
paused_from: ComplaintStatus | null, forwarded_to: string, status_reason: string, first_response_at: string | null, resolved_at: string | null, closed_at: string | null, deadlines: Array<Deadline>, next_due_at: string | null, next_due_at_wib: string | null, 
/**
 * E.g. "2 hari kerja lagi" or "terlambat 3 hari"; empty when nothing is due.
 */
time_left_text: string, overdue: boolean, personal_erased: boolean, created_at: string, updated_at: string, };

export type ComplaintSummary = { id: number, number: string, channel: Channel, kind: ComplaintKind, category_name: string, kecamatan_name: string, status: ComplaintStatus, citizen_masked: string, 
/**
 * The first ~140 characters of the text, NIK, phone numbers and e-mails masked.
 */
excerpt: string, received_at_wib: string, next_due_at_wib: string | null, time_left_text: string, overdue: boolean, };

export type ComplaintFilter = { 
/**
 * Words to find in the text, the citizen's name or the category; each a prefix.
 */
query: string | null, status: ComplaintStatus | null, 
/**
 * `Some(true)`: only overdue; `Some(false)`: only those not overdue.
 */
overdue: boolean | null, kind: ComplaintKind | null, category_id: number | null, kecamatan: string | null, channel: Channel | null, 
/**
 * Received on or after this WIB day (YYYY-MM-DD).
 */
from: string | null, 
/**
 * Received on or before this WIB day (YYYY-MM-DD).
 */
to: string | null, };

export type ComplaintPage = { 
/**
 * How many match; with `total_capped`, at least this many ("1.000+").
 */
total: number, 
/**
 * A search stopped counting at `search::SEARCH_COUNT_CAP` matches (or at the
 * end of the page asked for, if that is further); false when `total` is exact.
 */
total_capped: boolean, items: Array<ComplaintSummary>, };

export type ComplaintEvent = { id: number, from: ComplaintStatus | null, to: ComplaintStatus, reason: string, forwarded_to: string, actor: string, at: string, };

export type ReplyKind = "publik" | "pribadi" | "luring";

export type Reply = { id: number, complaint_id: number, kind: ReplyKind, body: string, actor: string, at: string, };

export type ReplyTemplate = { id: number, name: string, body: string, builtin: boolean, placeholders: Array<string>, };

export type Category = { id: number, name: string, 
/**
 * How many complaints use it; a category in use cannot be deleted.
 */
in_use: number, };

export type Kecamatan = { 
/**
 * Kemendagri code, e.g. "32.03.11".
 */
kode: string, nama: string, };

export type OverdueReminder = { complaint_id: number, 
/**
 * Always "terlambat"; the UI shows complaint and calendar reminders in one list.
 */
kind: string, number: string, deadline: DeadlineKind, due_at_wib: string, 
/**
 * What the notification says, in Indonesian, without personal data.
 */
message: string, };

export type Mapping = { received_at?: string | null, channel?: string | null, kind?: string | null, category?: string | null, kecamatan?: string | null, citizen_name?: string | null, citizen_contact?: string | null, source_url?: string | null, body?: string | null, status?: string | null, closed_at?: string | null, };

export type ImportDefaults = { 
/**
 * The channel of rows that do not name theirs: the admin picks it in the import step
 * (a Google Form is usually one channel). `None` (the command line without
 * `--channel`): every row must name its channel, and one that does not is a problem.
 */
channel: Channel | null, kind: ComplaintKind, 
/**
 * `None`: the category named [`DEFAULT_CATEGORY`] ("Lainnya").
 */
category_id: number | null, };

export type RowProblem = { 
/**
 * The row number the spreadsheet shows (the header is row 1).
 */
row: number, 
/**
 * The column title in the file, or the field's name when the column is not mapped.
 */
column: string, message: string, };

export type PreviewRow = { row: number, input: ComplaintInput, channel_label: string, kind_label: string, category_name: string, 
/**
 * "Cugenang", "Luar Cianjur", or "" when unknown.
 */
kecamatan_name: string, 
/**
 * The status it is saved with: baru, or what a historical sheet's status column says.
 */
status: ComplaintStatus, 
/**
 * When a selesai or diarsipkan row counts as closed, "YYYY-MM-DDTHH:MM" WIB.
 */
closed_at_wib: string | null, };

export type ImportPreview = { 
/**
 * Data rows in the file (blank rows not counted).
 */
rows_total: number, 
/**
 * Rows that would be saved as they are.
 */
rows_ok: number, 
/**
 * Each problem with its row number, in row order; at most [`MAX_LISTED_PROBLEMS`].
 */
problems: Array<RowProblem>, 
/**
 * All problems, including those not listed.
 */
problems_total: number, 
/**
 * The first [`SAMPLE_ROWS`] good rows as they will be saved.
 */
sample: Array<PreviewRow>, };

export type Attachment = { item: MediaItem, 
/**
 * A `data:` URL of the thumbnail.
 */
thumbnail: string, };

export type ComplaintMeta = { categories: Array<Category>, kecamatan: Array<Kecamatan>, reply_templates: Array<ReplyTemplate>, };

export type ComplaintDetail = { complaint: Complaint, events: Array<ComplaintEvent>, replies: Array<Reply>, next: Array<ComplaintStatus>, 
/**
 * Screenshots and photos kept as evidence, with thumbnails.
 */
attachments: Array<Attachment>, };

export type ImportSession = { file_name: string, headers: Array<string>, mapping: Mapping, preview: ImportPreview, };

export type ExportFormat = "xlsx" | "csv";

export type DeadlineRule = { first_response_days: number, verification_days: number, follow_up_days: number, resolution_days: number, };

export type KindRule = { kind: ComplaintKind, rule: DeadlineRule, };

export type CategorySetting = { category: Category, rule: DeadlineRule | null, };

export type ComplaintSettings = { kind_rules: Array<KindRule>, categories: Array<CategorySetting>, retention_years: number, reply_templates: Array<ReplyTemplate>, };

export type AuditEntry = { id: number, at: string, actor: string, 
/**
 * "lihat", "ekspor", "retensi", ...
 */
action: string, complaint_id: number | null, detail: string, };

export type ResponseStats = { received: number, answered: number, median_first_response_minutes: number | null, resolved: number, median_resolution_minutes: number | null, 
/**
 * "2 jam 15 menit", "3 hari 4 jam", or "-" when there is nothing to measure.
 */
median_first_response_text: string, median_resolution_text: string, };

export type SyncStatus = { enrolled: boolean, hub_url: string | null, agency_id: number | null, 
/**
 * UTC, RFC 3339.
 */
last_success_at: string | null, pending_days: number, 
/**
 * The last failure in plain words; cleared by the next successful sync.
 */
last_error: string | null, last_error_at: string | null, 
/**
 * "Kinerja menurut Diskominfo", as the hub sent it at the last sync.
 */
kinerja: KinerjaView | null, };

export type KinerjaView = { agency_name: string, from_day: string, to_day: string, score: number, rank: number | null, ranked_agencies: number, indicators: Array<KinerjaIndicatorView>, 
/**
 * The last 8 weeks, oldest first.
 */
trend: Array<WeeklyScoreView>, instagram_weekly_target: number, facebook_weekly_target: number, 
/**
 * When the hub computed it (UTC, RFC 3339).
 */
computed_at: string, 
/**
 * When this PC received it (UTC, RFC 3339).
 */
fetched_at: string, };

export type KinerjaIndicatorView = { key: string, label: string, 
/**
 * 0 to 1; `None` where it does not apply.
 */
value: number | null, weight: number, formula: string, };

export type WeeklyScoreView = { 
/**
 * The Monday, `YYYY-MM-DD`.
 */
week_start: string, score: number, };

export type HubAccountStatus = "menunggu" | "resmi" | "ditolak" | "dihapus";

export type AccountHubState = { platform: Platform, handle: string, status: HubAccountStatus, 
/**
 * Diskominfo confirmed the platform's verified badge.
 */
verified: boolean, reason: string | null, 
/**
 * UTC, RFC 3339.
 */
decided_at: string | null, };

export type AccountHubStates = { accounts: Array<AccountHubState>, 
/**
 * UTC, RFC 3339; `None` before the first answer.
 */
fetched_at: string | null, };

export type SyncLogEntry = { id: number, 
/**
 * UTC, RFC 3339.
 */
at: string, 
/**
 * `kirim`, `daftar` or `gagal`.
 */
kind: string, 
/**
 * "2026-11-26 r2, 2026-11-27 r1"; empty when no day was involved.
 */
days: string, detail: string, };

export type SummaryPreview = { 
/**
 * "YYYY-MM-DD", WIB.
 */
day: string, 
/**
 * Plain sentences: what Diskominfo will see.
 */
lines: Array<string>, 
/**
 * The exact JSON that goes on the wire.
 */
json: string, };

export type SyncOutcome = { sent_days: number, still_pending: number, 
/**
 * Plain-words error when the hub could not be reached or refused.
 */
error: string | null, status: SyncStatus, };

export type WindowOptions = { 
/**
 * Closing the window hides it to the tray (on by default).
 */
close_to_tray: boolean, 
/**
 * The app starts hidden in the tray when the admin logs in to the PC.
 */
start_at_login: boolean, 
/**
 * There is a tray on this desktop; without one, closing the window quits.
 */
tray_available: boolean, };

export type UpdateMethod = "installer" | "package";

export type UpdateOffer = { version: string, current_version: string, 
/**
 * Diskominfo's release notes.
 */
notes: string, 
/**
 * When Diskominfo published it (RFC 3339), if the hub said.
 */
published_at: string | null, method: UpdateMethod, };

export type UpdateOutcome = { 
/**
 * The new version is in place; the app restarts into it.
 */
installed: boolean, message: string, };

export type BackupReason = "harian" | "manual" | "sebelum_migrasi" | "sebelum_pembaruan";

export type BackupCounts = { drafts: number, complaints: number, slots: number, media: number, accounts: number, 
/**
 * Files under `media/`.
 */
files: number, };

export type LastBackup = { 
/**
 * UTC, stored form.
 */
at: string, file: string, folder: string, bytes: number, reason: BackupReason, };

export type BackupFailure = { at: string, code: string, message: string, };

export type RestoredFrom = { at: string, file: string, backup_created_at: string, agency: string, };

export type BackupStatus = { folder: string, folder_is_default: boolean, phrase_set: boolean, 
/**
 * When the current phrase was set (UTC), and its public id.
 */
phrase_set_at: string | null, phrase_id: string | null, last_good: LastBackup | null, last_failure: BackupFailure | null, 
/**
 * No good backup in the last [`STALE_AFTER_DAYS`] days (or none at all).
 */
stale: boolean, days_since_last: number | null, restored: RestoredFrom | null, };

export type BackupEntry = { file: string, bytes: number, created_at: string | null, reason: BackupReason | null, agency: string | null, app_version: string | null, schema_version: number | null, phrase_id: string | null, phrase_set_at: string | null, counts: BackupCounts | null, 
/**
 * Why the file cannot be used, when its header already says so.
 */
problem: string | null, };

export type RestoreReport = { file: string, backup_created_at: string, agency: string, counts: BackupCounts, 
/**
 * Where the store that was replaced now lies, whole (empty when there was none).
 */
set_aside: string, pending_days: number, };

export type BackupOverview = { status: BackupStatus, 
/**
 * The backups in the current folder, newest first.
 */
entries: Array<BackupEntry>, 
/**
 * Why the folder could not be listed (unplugged drive), if it could not.
 */
folder_problem: string | null, };

export type RestoreCandidate = { file: string, entry: BackupEntry, };

export type LocalBriefAttachment = { id: number, file_name: string, content_type: string, size_bytes: number, };

export type LocalBrief = { id: number, title: string, body: string, programme: string, from_day: string, to_day: string, 
/**
 * The programme as a hashtag ("Cianjur Manjur" -> "#CianjurManjur"); empty when none.
 */
hashtag: string, attachments: Array<LocalBriefAttachment>, 
/**
 * At least one post published in answer to it is recorded on this PC.
 */
fulfilled: boolean, };

export type VerificationStep = "profil" | "dua_faktor" | "ajukan" | "terverifikasi" | "ditolak";

export type StepState = { step: VerificationStep, 
/**
 * `YYYY-MM-DD`, when done.
 */
done_on: string | null, };

export type OfficialAccount = { id: number, platform: Platform, 
/**
 * Normal form, without `@`.
 */
handle: string, url: string, display_name: string, verified: boolean, verification_requested_on: string | null, admin_responsible: string, updated_at: string, 
/**
 * Every step, in order, with its day when done.
 */
steps: Array<StepState>, 
/**
 * "menunggu keputusan": requested, neither verified nor refused.
 */
awaiting_decision: boolean, };

export type AccountInput = { platform: Platform, 
/**
 * `@dinkescianjur`, `dinkescianjur`, or empty when `url` is given.
 */
handle: string, 
/**
 * The profile address; may be empty (it is then made from the handle).
 */
url: string, display_name: string, verified: boolean, admin_responsible: string, };

export type Requirement = { has_instagram: boolean, has_facebook: boolean, instagram_verified: boolean, facebook_verified: boolean, };

export type AccountConflictView = { platform: Platform, handle: string, other_agency_code: string, other_agency_name: string, };

export type ReportStatus = "masih_aktif" | "dilaporkan" | "ditutup";

export type ReportEvent = { status: ReportStatus, on_day: string, };

export type Report = { id: string, platform: Platform, handle: string, url: string, imitates: string | null, description: string, status: ReportStatus, 
/**
 * The day the current status was reached.
 */
status_on: string, first_seen_on: string, updated_at: string, 
/**
 * The hub has this version of the report.
 */
sent: boolean, events: Array<ReportEvent>, };

export type ReportInput = { platform: Platform, 
/**
 * A handle or a profile URL of the suspect account.
 */
handle_or_url: string, 
/**
 * The official handle it imitates; empty when none was named.
 */
imitates: string, 
/**
 * What it did.
 */
description: string, 
/**
 * `YYYY-MM-DD`.
 */
first_seen_on: string, status: ReportStatus, };

export type CheckKind = "official" | "own" | "lookalike" | "not_found" | "problem";

export type Lookalike = { platform: Platform, handle: string, agency_code: string, agency_name: string, 
/**
 * `looks_the_same`, `edits` or `homoglyph`.
 */
why: string, 
/**
 * For `edits`: how many.
 */
edits: number, 
/**
 * In Indonesian, e.g. "terbaca sama (dlnkescianjur ≈ dinkescianjur)".
 */
reason: string, };

export type CheckResult = { kind: CheckKind, 
/**
 * The handle as read (normal form, or the skeleton of a homoglyph handle); empty for a
 * problem.
 */
handle: string, platform: Platform | null, 
/**
 * For official and own: the agency.
 */
agency_code: string, agency_name: string, verified: boolean, lookalikes: Array<Lookalike>, 
/**
 * The input problem (Problem), or the homoglyph warning.
 */
message: string | null, 
/**
 * When the registry was fetched (UTC, RFC 3339); `None` when never.
 */
registry_fetched_at: string | null, 
/**
 * Minutes since then.
 */
registry_age_minutes: number | null, 
/**
 * "registri diperbarui 2 jam lalu" / "registri belum pernah diunduh — sinkronkan dulu".
 */
registry_words: string, };

export type RegistryInfo = { 
/**
 * UTC, RFC 3339; null when never fetched.
 */
fetched_at: string | null, age_minutes: number | null, 
/**
 * "registri diperbarui 2 jam lalu".
 */
words: string, agencies: number, accounts: number, };

export type ReportView = { report: Report, screenshots: Array<Attachment>, };

export type AccountsOverview = { accounts: Array<OfficialAccount>, requirement: Requirement, 
/**
 * The hub's answer at the last send: accounts another agency also claims.
 */
conflicts: Array<AccountConflictView>, 
/**
 * The account list changed since the hub last had it.
 */
accounts_unsent: boolean, 
/**
 * Where each account stands with Diskominfo, as the hub answered at the last sync.
 */
hub_states: AccountHubStates, reports: Array<ReportView>, registry: RegistryInfo, };

export type ImageLimits = { 
/**
 * Narrowest accepted shape (width / height): 4:5 portrait.
 */
min_aspect: number, 
/**
 * Widest accepted shape (width / height): 1.91:1 landscape.
 */
max_aspect: number, 
/**
 * Below this width (pixels) Instagram refuses the image.
 */
min_width: number, 
/**
 * Above this width (pixels) Instagram scales the image down itself, with its own
 * filter and compression.
 */
max_width: number, 
/**
 * Largest file in bytes: "8 MB" read as 10^6-byte megabytes, the stricter reading.
 */
max_bytes: number, };

export type InstagramLimits = { 
/**
 * Characters in a caption (Unicode scalar values, as `str::chars` counts them).
 */
caption_chars: number, 
/**
 * Hashtags in one caption; the API refuses more. The smaller cap Instagram announced
 * in Dec 2025 is a setting, bounded by this one.
 */
hashtags: number, 
/**
 * @-mentions in one caption.
 */
mentions: number, 
/**
 * Images in one carousel post.
 */
carousel_items: number, 
/**
 * Each image in a post.
 */
image: ImageLimits, };

export type FacebookLimits = { 
/**
 * Characters in a post's text.
 */
caption_chars: number, };

export type Limits = { instagram: InstagramLimits, facebook: FacebookLimits, };

export type Bounds = { min: number, max: number, };

export type UiRules = { 
/**
 * What each platform accepts in one post: `limits[platform].caption_chars` is the
 * caption counter's maximum.
 */
limits: Limits, 
/**
 * Draft statuses from which a draft can get a slot ([`Status::can_schedule`]).
 */
schedulable_draft_statuses: Array<Status>, 
/**
 * Draft statuses from which a draft can be marked published ([`Status::can_publish`]).
 */
publishable_draft_statuses: Array<Status>, 
/**
 * Slot statuses that can still be moved, cancelled or marked published
 * ([`SlotStatus::is_open`]).
 */
open_slot_statuses: Array<SlotStatus>, 
/**
 * Complaint steps refused without a reason ([`ComplaintStatus::needs_reason`]).
 */
statuses_needing_reason: Array<ComplaintStatus>, 
/**
 * Complaint steps that record a reason when one is given, so the form asks for one
 * ([`ComplaintStatus::keeps_reason`]).
 */
statuses_keeping_reason: Array<ComplaintStatus>, 
/**
 * Complaint steps refused without the PD that takes over
 * ([`ComplaintStatus::needs_forwarded_to`]).
 */
statuses_needing_forwarded_to: Array<ComplaintStatus>, 
/**
 * Complaint statuses that are final ([`ComplaintStatus::is_closed`]).
 */
closed_complaint_statuses: Array<ComplaintStatus>, 
/**
 * Hashtags per Instagram post before a warning (Pengaturan › Konten).
 */
hashtag_limit: Bounds, 
/**
 * Posts per week per platform (Pengaturan › Kalender).
 */
weekly_target: Bounds, 
/**
 * Minutes before a slot its reminder falls due (Pengaturan › Kalender).
 */
reminder_lead_minutes: Bounds, 
/**
 * Years of retention a PD may choose (Pengaturan › Aduan).
 */
retention_years: Bounds, 
/**
 * The most days each deadline step may take (working days for the first three steps,
 * calendar days for resolution); every step takes at least 1
 * (Pengaturan › Aduan, tenggat).
 */
deadline_max_days: DeadlineRule, 
/**
 * Every draft status, in workflow order (the Konten filter).
 */
draft_statuses: Array<Status>, 
/**
 * Every complaint status, in workflow order (the Aduan filter).
 */
complaint_statuses: Array<ComplaintStatus>, 
/**
 * Every channel a complaint arrives by, in the order the forms list them.
 */
channels: Array<Channel>, 
/**
 * Every complaint kind, in the order the forms list them.
 */
complaint_kinds: Array<ComplaintKind>, 
/**
 * Every way a reply is given, in the order the form lists them.
 */
reply_kinds: Array<ReplyKind>, };

/** The rules core applies (medsos_core::ui_rules), for the UI to draw its screens by. */
export const RULES: Readonly<UiRules> = {
  "limits": {
    "instagram": {
      "caption_chars": 2200,
      "hashtags": 30,
      "mentions": 20,
      "carousel_items": 10,
      "image": {
        "min_aspect": 0.8,
        "max_aspect": 1.91,
        "min_width": 320,
        "max_width": 1440,
        "max_bytes": 8000000
      }
    },
    "facebook": {
      "caption_chars": 63206
    }
  },
  "schedulable_draft_statuses": [
    "disetujui",
    "terjadwal"
  ],
  "publishable_draft_statuses": [
    "disetujui",
    "terjadwal",
    "terbit"
  ],
  "open_slot_statuses": [
    "terjadwal",
    "terlewat"
  ],
  "statuses_needing_reason": [
    "ditunda",
    "diarsipkan",
    "bukan_wewenang"
  ],
  "statuses_keeping_reason": [
    "diteruskan",
    "ditunda",
    "diarsipkan",
    "bukan_wewenang"
  ],
  "statuses_needing_forwarded_to": [
    "diteruskan"
  ],
  "closed_complaint_statuses": [
    "selesai",
    "diteruskan",
    "diarsipkan",
    "bukan_wewenang"
  ],
  "hashtag_limit": {
    "min": 1,
    "max": 30
  },
  "weekly_target": {
    "min": 0,
    "max": 14
  },
  "reminder_lead_minutes": {
    "min": 0,
    "max": 1440
  },
  "retention_years": {
    "min": 1,
    "max": 30
  },
  "deadline_max_days": {
    "first_response_days": 30,
    "verification_days": 60,
    "follow_up_days": 90,
    "resolution_days": 365
  },
  "draft_statuses": [
    "draf",
    "menunggu_persetujuan",
    "disetujui",
    "terjadwal",
    "terbit",
    "arsip"
  ],
  "complaint_statuses": [
    "baru",
    "diverifikasi",
    "ditindaklanjuti",
    "selesai",
    "diteruskan",
    "ditunda",
    "diarsipkan",
    "bukan_wewenang"
  ],
  "channels": [
    "instagram_komentar",
    "instagram_dm",
    "facebook_komentar",
    "facebook_messenger",
    "whatsapp",
    "telepon",
    "datang_langsung",
    "sp4n_lapor"
  ],
  "complaint_kinds": [
    "pengaduan",
    "aspirasi",
    "permintaan_informasi"
  ],
  "reply_kinds": [
    "publik",
    "pribadi",
    "luring"
  ]
};
