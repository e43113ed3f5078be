// Typed wrappers over the IPC commands. Every failure arrives as an ErrorPayload.
import { invoke } from "@tauri-apps/api/core";
import type { BerandaData } from "./beranda";
import type {
  BackupOverview,
  RestoreCandidate,
  RestoreReport,
  WindowOptions,
  UpdateOffer,
  UpdateOutcome,
  Figures,
  InboxComment,
  MetaOverview,
  AccountInput,
  AccountsOverview,
  CheckResult,
  RegistryInfo,
  ReportInput,
  ReportStatus,
  ReportView,
  VerificationStep,
  AgencyProfile,
  AppStatus,
  FirstWeek,
  AuditEntry,
  CalendarSettings,
  Channel,
  ComplaintKind,
  ComplaintSettings,
  DeadlineRule,
  ComplaintDetail,
  ComplaintFilter,
  ComplaintInput,
  ComplaintMeta,
  ComplaintPage,
  ComplaintStatus,
  ExportFormat,
  ImportDefaults,
  ImportPreview,
  ImportSession,
  Mapping,
  OverdueReminder,
  ReplyKind,
  SummaryPreview,
  SyncLogEntry,
  SyncOutcome,
  SyncStatus,
  ResponseStats,
  ChecklistState,
  CivicDay,
  ContentSettings,
  Crop,
  CarouselReport,
  LibraryFilter,
  LibraryView,
  DraftDetail,
  DraftFilter,
  DraftInput,
  DraftSummary,
  ErrorPayload,
  ImportOutcome,
  Language,
  LocalBrief,
  Platform,
  PreparedImage,
  ProfileInput,
  Programme,
  PublishInput,
  Reminder,
  ReminderKind,
  Revision,
  ScheduleOutcome,
  Slot,
  Status,
  Template,
  WeekProgress,
} from "./bindings";

/** Turns anything thrown by `invoke` into the `{code, message}` shape. */
export function asErrorPayload(error: unknown): ErrorPayload {
  if (error && typeof error === "object" && "code" in error && "message" in error) {
    const { code, message } = error as { code: unknown; message: unknown };
    return { code: String(code), message: String(message) };
  }
  return { code: "ipc", message: String(error) };
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (error) {
    throw asErrorPayload(error);
  }
}

export const api = {
  appStatus: () => call<AppStatus>("app_status"),
  firstWeek: () => call<FirstWeek>("first_week"),
  berandaRead: () => call<BerandaData>("beranda_read"),
  storeReopen: () => call<AppStatus>("store_reopen"),
  storeCheck: () => call<void>("store_check"),
  startupMark: (what: string) => call<void>("startup_mark", { what }),
  profileSave: (input: ProfileInput) => call<AgencyProfile>("profile_save", { input }),
  languageSet: (language: Language) => call<void>("language_set", { language }),
  windowOptions: () => call<WindowOptions>("window_options"),
  windowOptionsSave: (input: WindowOptions) => call<WindowOptions>("window_options_save", { input }),
  updateOffer: () => call<UpdateOffer | null>("update_offer"),
  updateCheck: () => call<UpdateOffer | null>("update_check"),
  updateInstall: () => call<UpdateOutcome>("update_install"),
  backupOverview: () => call<BackupOverview>("backup_overview"),
  backupNow: () => call<BackupOverview>("backup_now"),
  backupFolderChoose: () => call<BackupOverview>("backup_folder_choose"),
  backupFolderDefault: () => call<BackupOverview>("backup_folder_default"),
  backupPhraseNew: () => call<string[]>("backup_phrase_new"),
  backupRestorePick: () => call<RestoreCandidate | null>("backup_restore_pick"),
  backupRestore: (file: string, phrase: string) =>
    call<RestoreReport>("backup_restore", { file, phrase }),
  contentSettingsSave: (input: ContentSettings) =>
    call<ContentSettings>("content_settings_save", { input }),
  calendarSettingsSave: (input: CalendarSettings) =>
    call<CalendarSettings>("calendar_settings_save", { input }),
  programmeAdd: (name: string, hashtag: string) =>
    call<Programme[]>("programme_add", { name, hashtag }),
  programmeRename: (id: number, name: string, hashtag: string) =>
    call<Programme[]>("programme_rename", { id, name, hashtag }),
  /** Takes a programme off the list; drafts that promote it keep it. */
  programmeRemove: (id: number) => call<Programme[]>("programme_remove", { id }),
  templateSave: (name: string, body: string) => call<Template[]>("template_save", { name, body }),
  templateDelete: (id: number) => call<Template[]>("template_delete", { id }),
  draftsList: (filter: DraftFilter, limit: number, offset: number) =>
    call<DraftSummary[]>("drafts_list", { filter, limit, offset }),
  draftGet: (id: number) => call<DraftDetail>("draft_get", { id }),
  draftCreate: (input: DraftInput) => call<DraftDetail>("draft_create", { input }),
  draftCreateFromTemplate: (templateId: number, values: Record<string, string>) =>
    call<DraftDetail>("draft_create_from_template", { templateId, values }),
  /** A draft answering a Diskominfo brief (linked to it, its hashtag included). */
  draftCreateFromBrief: (briefId: number) => call<DraftDetail>("draft_create_from_brief", { briefId }),
  draftUpdate: (id: number, input: DraftInput) => call<DraftDetail>("draft_update", { id, input }),
  draftTransition: (id: number, to: Status, actor: string, note: string) =>
    call<DraftDetail>("draft_transition", { id, to, actor, note }),
  /** Marks the draft terbit: the same act as marking its slot published in Kalender. */
  draftPublish: (id: number, input: PublishInput) => call<DraftDetail>("draft_publish", { id, input }),
  draftChecklistSet: (id: number, item: string, checked: boolean, actor: string) =>
    call<ChecklistState[]>("draft_checklist_set", { id, item, checked, actor }),
  draftRevisions: (id: number) => call<Revision[]>("draft_revisions", { id }),
  draftRestore: (id: number, revisionId: number) =>
    call<DraftDetail>("draft_restore", { id, revisionId }),
  draftCopyCaption: (id: number, platform: Platform) =>
    call<string>("draft_copy_caption", { id, platform }),
  draftsExportDocx: (ids: number[]) => call<string | null>("drafts_export_docx", { ids }),
  mediaPick: (draftId: number) => call<ImportOutcome>("media_pick", { draftId }),
  /** Sends a dropped file's bytes as a raw IPC body (no JSON number arrays). */
  mediaDrop: async (draftId: number, file: File) => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      return await invoke<DraftDetail>("media_drop", bytes, {
        headers: { "x-draft-id": String(draftId), "x-file-name": encodeURIComponent(file.name) },
      });
    } catch (error) {
      throw asErrorPayload(error);
    }
  },
  mediaDetach: (draftId: number, mediaId: number) =>
    call<DraftDetail>("media_detach", { draftId, mediaId }),
  mediaMove: (draftId: number, mediaId: number, position: number) =>
    call<DraftDetail>("media_move", { draftId, mediaId, position }),
  mediaPrepareInstagram: (mediaId: number, crop: Crop) =>
    call<PreparedImage | null>("media_prepare_instagram", { mediaId, crop }),
  mediaLibrary: (filter: LibraryFilter, actor: string) =>
    call<LibraryView[]>("media_library", { filter, actor }),
  mediaNewDraftWith: (mediaId: number) => call<DraftDetail>("media_new_draft_with", { mediaId }),
  mediaCarouselPrepare: (draftId: number) =>
    call<CarouselReport | null>("media_carousel_prepare", { draftId }),
  slotsRange: (from: string, to: string) => call<Slot[]>("slots_range", { from, to }),
  slotsForDraft: (draftId: number) => call<Slot[]>("slots_for_draft", { draftId }),
  slotSchedule: (draftId: number, platform: Platform, atWib: string, actor: string) =>
    call<ScheduleOutcome>("slot_schedule", { draftId, platform, atWib, actor }),
  slotMoveToDay: (slotId: number, day: string) =>
    call<ScheduleOutcome>("slot_move_to_day", { slotId, day }),
  slotReschedule: (slotId: number, atWib: string) =>
    call<ScheduleOutcome>("slot_reschedule", { slotId, atWib }),
  /** A new WIB time of day ("HH:MM") on the same day. */
  slotMoveToTime: (slotId: number, time: string) =>
    call<ScheduleOutcome>("slot_move_to_time", { slotId, time }),
  slotCancel: (slotId: number) => call<Slot>("slot_cancel", { slotId }),
  slotMarkPublished: (slotId: number, url: string, actor: string) =>
    call<Slot>("slot_mark_published", { slotId, url, actor }),
  remindersDue: () => call<Reminder[]>("reminders_due"),
  weekProgress: () => call<WeekProgress>("week_progress"),
  reminderDismiss: (slotId: number, kind: ReminderKind) =>
    call<void>("reminder_dismiss", { slotId, kind }),
  civicDays: (year: number) => call<CivicDay[]>("civic_days", { year }),
  calendarExportIcs: (from: string, to: string) =>
    call<string | null>("calendar_export_ics", { from, to }),
  complaintMeta: () => call<ComplaintMeta>("complaint_meta"),
  complaintsList: (filter: ComplaintFilter, limit: number, offset: number) =>
    call<ComplaintPage>("complaints_list", { filter, limit, offset }),
  complaintCreate: (input: ComplaintInput, actor: string) =>
    call<ComplaintDetail>("complaint_create", { input, actor }),
  complaintGet: (id: number, actor: string) => call<ComplaintDetail>("complaint_get", { id, actor }),
  complaintTransition: (id: number, to: ComplaintStatus, reason: string, forwardedTo: string, actor: string) =>
    call<ComplaintDetail>("complaint_transition", { id, to, reason, forwardedTo, actor }),
  complaintReply: (id: number, kind: ReplyKind, body: string, actor: string) =>
    call<ComplaintDetail>("complaint_reply", { id, kind, body, actor }),
  complaintReplyFill: (templateId: number, complaintId: number) =>
    call<string>("complaint_reply_fill", { templateId, complaintId }),
  copyText: (text: string) => call<void>("copy_text", { text }),
  complaintReminders: () => call<OverdueReminder[]>("complaint_reminders"),
  complaintsImportPick: (defaults: ImportDefaults) =>
    call<ImportSession | null>("complaints_import_pick", { defaults }),
  complaintsImportPreview: (mapping: Mapping, defaults: ImportDefaults) =>
    call<ImportPreview>("complaints_import_preview", { mapping, defaults }),
  complaintsImportCommit: (mapping: Mapping, defaults: ImportDefaults, actor: string) =>
    call<number>("complaints_import_commit", { mapping, defaults, actor }),
  complaintsExport: (filter: ComplaintFilter, format: ExportFormat, includePersonal: boolean, actor: string) =>
    call<string | null>("complaints_export", { filter, format, includePersonal, actor }),
  complaintCategoryAdd: (name: string) => call<ComplaintSettings>("complaint_category_add", { name }),
  complaintSettings: () => call<ComplaintSettings>("complaint_settings"),
  complaintKindRuleSave: (kind: ComplaintKind, rule: DeadlineRule) =>
    call<ComplaintSettings>("complaint_kind_rule_save", { kind, rule }),
  complaintCategoryRuleSave: (categoryId: number, rule: DeadlineRule | null) =>
    call<ComplaintSettings>("complaint_category_rule_save", { categoryId, rule }),
  complaintRetentionSave: (years: number) => call<ComplaintSettings>("complaint_retention_save", { years }),
  complaintCategoryRename: (id: number, name: string) =>
    call<ComplaintSettings>("complaint_category_rename", { id, name }),
  complaintCategoryDelete: (id: number) => call<ComplaintSettings>("complaint_category_delete", { id }),
  replyTemplateSave: (name: string, body: string) => call<ComplaintSettings>("reply_template_save", { name, body }),
  replyTemplateDelete: (id: number) => call<ComplaintSettings>("reply_template_delete", { id }),
  holidaysImport: () => call<number | null>("holidays_import"),
  auditLog: (limit: number) => call<AuditEntry[]>("audit_log", { limit }),
  complaintReclassify: (id: number, kind: ComplaintKind, categoryId: number, kecamatan: string, channel: Channel, actor: string) =>
    call<ComplaintDetail>("complaint_reclassify", { id, kind, categoryId, kecamatan, channel, actor }),
  complaintRetentionPreview: (years: number) => call<number>("complaint_retention_preview", { years }),
  complaintOverdueCount: () => call<number>("complaint_overdue_count"),
  syncStatus: () => call<SyncStatus>("sync_status"),
  syncHistory: () => call<SyncLogEntry[]>("sync_history"),
  summaryPreview: (day: string | null) => call<SummaryPreview>("summary_preview", { day }),
  syncEnrol: (hubUrl: string, code: string, deviceName: string) =>
    call<SyncStatus>("sync_enrol", { hubUrl, code, deviceName }),
  syncNow: () => call<SyncOutcome>("sync_now"),
  metaOverview: () => call<MetaOverview>("meta_overview"),
  metaPublishNow: (slotId: number) => call<MetaOverview>("meta_publish_now", { slotId }),
  metaInbox: () => call<InboxComment[]>("meta_inbox"),
  metaCommentComplaint: (id: string, actor: string) => call<number>("meta_comment_complaint", { id, actor }),
  metaCommentIgnore: (id: string, ignored: boolean) => call<InboxComment[]>("meta_comment_ignore", { id, ignored }),
  metaCommentReply: (id: string, message: string, actor: string) =>
    call<InboxComment[]>("meta_comment_reply", { id, message, actor }),
  metaDraftFigures: (draftId: number) => call<Figures[]>("meta_draft_figures", { draftId }),
  briefsList: () => call<LocalBrief[]>("briefs_list"),
  briefsRange: (from: string, to: string) => call<LocalBrief[]>("briefs_range", { from, to }),
  /** Downloads a brief's attachment into the data folder; answers where it was saved. */
  briefAttachmentSave: (briefId: number, attachmentId: number) =>
    call<string>("brief_attachment_save", { briefId, attachmentId }),
  complaintStats: () => call<ResponseStats>("complaint_stats"),
  complaintAttachPick: (id: number, actor: string) => call<ComplaintDetail>("complaint_attach_pick", { id, actor }),
  complaintDetach: (id: number, mediaId: number, actor: string) =>
    call<ComplaintDetail>("complaint_detach", { id, mediaId, actor }),
  accountsOverview: () => call<AccountsOverview>("accounts_overview"),
  accountSave: (id: number | null, input: AccountInput) =>
    call<AccountsOverview>("account_save", { id, input }),
  accountDelete: (id: number) => call<AccountsOverview>("account_delete", { id }),
  accountStepSet: (id: number, step: VerificationStep, doneOn: string | null) =>
    call<AccountsOverview>("account_step_set", { id, step, doneOn }),
  accountCheck: (text: string, platform: Platform | null) =>
    call<CheckResult>("account_check", { text, platform }),
  registryRefresh: () => call<RegistryInfo>("registry_refresh"),
  reportSave: (id: string | null, input: ReportInput) => call<ReportView>("report_save", { id, input }),
  reportStatusSet: (id: string, status: ReportStatus, onDay: string) =>
    call<ReportView>("report_status_set", { id, status, onDay }),
  reportAttachPick: (id: string) => call<ReportView>("report_attach_pick", { id }),
  reportDetach: (id: string, mediaId: number) => call<ReportView>("report_detach", { id, mediaId }),
};

/** The inbox filter with nothing chosen. */
export function emptyComplaintFilter(): ComplaintFilter {
  return { query: null, status: null, overdue: null, kind: null, category_id: null, kecamatan: null, channel: null, from: null, to: null };
}

/** A fresh draft as the "Draf baru" button makes it. */
export function emptyDraft(): DraftInput {
  return {
    title: "",
    body: "",
    for_instagram: true,
    for_facebook: true,
    instagram_text: null,
    facebook_text: null,
    hashtags: "",
    programme_id: null,
    source: "",
    notes: "",
  };
}
