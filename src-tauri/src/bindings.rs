//! The TypeScript side of the IPC types, generated from the Rust ones with ts-rs.
//!
//! `ui/src/lib/bindings.ts` is committed; the test below fails when it no longer matches
//! the Rust types. Regenerate with `cargo xtask bindings`.
//!
//! The file also exports `RULES`: the values of [`medsos_core::ui_rules::ui_rules`] (the
//! platforms' limits from `medsos_rules`, which statuses need a reason, which slots can
//! move, the settings' bounds, the fixed choices), so the UI asks core's rules instead of
//! repeating them. The same test keeps those values fresh.

#[cfg(test)]
mod tests {
    use crate::commands::{AccountsOverview, RegistryInfo, ReportView};
    use crate::commands::{
        AppStatus, Attachment, CategorySetting, ComplaintDetail, ComplaintMeta, ComplaintSettings,
        DraftDetail, ExportFormat, ImportOutcome, ImportSession, KindRule, LibraryView, MediaView,
        MetaOverview, SummaryPreview, SyncOutcome, WindowOptions,
    };
    use crate::commands::{BackupOverview, RestoreCandidate};
    use medsos_core::accounts::{
        AccountConflictView, AccountInput, CheckKind, CheckResult, Lookalike, OfficialAccount,
        Report, ReportEvent, ReportInput, ReportStatus, Requirement, StepState, VerificationStep,
    };
    use medsos_core::calendar::{
        CalendarSettings, CivicDay, CivicKind, PlatformProgress, PublishInput, Reminder,
        ReminderKind, ScheduleOutcome, Slot, SlotStatus, WeekProgress,
    };
    use medsos_core::complaints::io::{
        ImportDefaults, ImportPreview, Mapping, PreviewRow, RowProblem,
    };
    use medsos_core::complaints::{
        AuditEntry, Category, Channel, Complaint, ComplaintEvent, ComplaintFilter, ComplaintInput,
        ComplaintKind, ComplaintPage, ComplaintStatus, ComplaintSummary, Deadline, DeadlineKind,
        DeadlineRule, OverdueReminder, Reply, ReplyKind, ReplyTemplate, ResponseStats,
    };
    use medsos_core::drafts::checklist::ChecklistItem;
    use medsos_core::drafts::{
        ChecklistState, Draft, DraftFilter, DraftInput, DraftSummary, Platform, Revision, Status,
        Transition,
    };
    use medsos_core::finding::{Finding, Level};
    use medsos_core::kecamatan::Kecamatan;
    use medsos_core::media::{
        Aspect, CarouselReport, Crop, DraftRef, LibraryFilter, LibraryKind, MediaFormat, MediaItem,
        PreparedImage,
    };
    use medsos_core::meta::{BestHour, Figures, Handover, InboxComment, InboxReply, MetaState};
    use medsos_core::onboarding::FirstWeek;
    use medsos_core::profile::{AgencyProfile, ProfileInput};
    use medsos_core::programmes::Programme;
    use medsos_core::settings::{ContentSettings, Language};
    use medsos_core::sync::hub_view::{
        AccountHubState, AccountHubStates, HubAccountStatus, KinerjaIndicatorView, KinerjaView,
        WeeklyScoreView,
    };
    use medsos_core::sync::{LocalBrief, LocalBriefAttachment, SyncLogEntry, SyncStatus};
    use medsos_core::templates::Template;
    use medsos_core::ui_rules::{
        ui_rules, Bounds, FacebookLimits, ImageLimits, InstagramLimits, Limits, UiRules,
    };
    use medsos_core::ErrorPayload;
    use std::path::PathBuf;
    use ts_rs::{Config, TS};

    const UPDATE_ENV: &str = "MEDSOS_UPDATE_BINDINGS";

    fn render() -> String {
        let cfg = Config::default();
        let decls = [
            ErrorPayload::decl(&cfg),
            MetaState::decl(&cfg),
            Handover::decl(&cfg),
            InboxReply::decl(&cfg),
            InboxComment::decl(&cfg),
            Figures::decl(&cfg),
            BestHour::decl(&cfg),
            MetaOverview::decl(&cfg),
            Language::decl(&cfg),
            AgencyProfile::decl(&cfg),
            ProfileInput::decl(&cfg),
            ContentSettings::decl(&cfg),
            Programme::decl(&cfg),
            Template::decl(&cfg),
            ChecklistItem::decl(&cfg),
            ChecklistState::decl(&cfg),
            Status::decl(&cfg),
            Platform::decl(&cfg),
            Level::decl(&cfg),
            Finding::decl(&cfg),
            Draft::decl(&cfg),
            DraftSummary::decl(&cfg),
            DraftInput::decl(&cfg),
            DraftFilter::decl(&cfg),
            Transition::decl(&cfg),
            Revision::decl(&cfg),
            MediaFormat::decl(&cfg),
            MediaItem::decl(&cfg),
            Aspect::decl(&cfg),
            Crop::decl(&cfg),
            PreparedImage::decl(&cfg),
            MediaView::decl(&cfg),
            LibraryKind::decl(&cfg),
            LibraryFilter::decl(&cfg),
            DraftRef::decl(&cfg),
            LibraryView::decl(&cfg),
            CarouselReport::decl(&cfg),
            DraftDetail::decl(&cfg),
            ImportOutcome::decl(&cfg),
            AppStatus::decl(&cfg),
            FirstWeek::decl(&cfg),
            SlotStatus::decl(&cfg),
            PublishInput::decl(&cfg),
            Slot::decl(&cfg),
            ScheduleOutcome::decl(&cfg),
            ReminderKind::decl(&cfg),
            Reminder::decl(&cfg),
            CivicKind::decl(&cfg),
            CivicDay::decl(&cfg),
            CalendarSettings::decl(&cfg),
            PlatformProgress::decl(&cfg),
            WeekProgress::decl(&cfg),
            Channel::decl(&cfg),
            ComplaintKind::decl(&cfg),
            ComplaintStatus::decl(&cfg),
            DeadlineKind::decl(&cfg),
            Deadline::decl(&cfg),
            ComplaintInput::decl(&cfg),
            Complaint::decl(&cfg),
            ComplaintSummary::decl(&cfg),
            ComplaintFilter::decl(&cfg),
            ComplaintPage::decl(&cfg),
            ComplaintEvent::decl(&cfg),
            ReplyKind::decl(&cfg),
            Reply::decl(&cfg),
            ReplyTemplate::decl(&cfg),
            Category::decl(&cfg),
            Kecamatan::decl(&cfg),
            OverdueReminder::decl(&cfg),
            Mapping::decl(&cfg),
            ImportDefaults::decl(&cfg),
            RowProblem::decl(&cfg),
            PreviewRow::decl(&cfg),
            ImportPreview::decl(&cfg),
            Attachment::decl(&cfg),
            ComplaintMeta::decl(&cfg),
            ComplaintDetail::decl(&cfg),
            ImportSession::decl(&cfg),
            ExportFormat::decl(&cfg),
            DeadlineRule::decl(&cfg),
            KindRule::decl(&cfg),
            CategorySetting::decl(&cfg),
            ComplaintSettings::decl(&cfg),
            AuditEntry::decl(&cfg),
            ResponseStats::decl(&cfg),
            SyncStatus::decl(&cfg),
            KinerjaView::decl(&cfg),
            KinerjaIndicatorView::decl(&cfg),
            WeeklyScoreView::decl(&cfg),
            HubAccountStatus::decl(&cfg),
            AccountHubState::decl(&cfg),
            AccountHubStates::decl(&cfg),
            SyncLogEntry::decl(&cfg),
            SummaryPreview::decl(&cfg),
            SyncOutcome::decl(&cfg),
            WindowOptions::decl(&cfg),
            crate::updates::UpdateMethod::decl(&cfg),
            crate::updates::UpdateOffer::decl(&cfg),
            crate::updates::UpdateOutcome::decl(&cfg),
            medsos_core::backup::BackupReason::decl(&cfg),
            medsos_core::backup::BackupCounts::decl(&cfg),
            medsos_core::backup::LastBackup::decl(&cfg),
            medsos_core::backup::BackupFailure::decl(&cfg),
            medsos_core::backup::RestoredFrom::decl(&cfg),
            medsos_core::backup::BackupStatus::decl(&cfg),
            medsos_core::backup::BackupEntry::decl(&cfg),
            medsos_core::backup::RestoreReport::decl(&cfg),
            BackupOverview::decl(&cfg),
            RestoreCandidate::decl(&cfg),
            LocalBriefAttachment::decl(&cfg),
            LocalBrief::decl(&cfg),
            VerificationStep::decl(&cfg),
            StepState::decl(&cfg),
            OfficialAccount::decl(&cfg),
            AccountInput::decl(&cfg),
            Requirement::decl(&cfg),
            AccountConflictView::decl(&cfg),
            ReportStatus::decl(&cfg),
            ReportEvent::decl(&cfg),
            Report::decl(&cfg),
            ReportInput::decl(&cfg),
            CheckKind::decl(&cfg),
            Lookalike::decl(&cfg),
            CheckResult::decl(&cfg),
            RegistryInfo::decl(&cfg),
            ReportView::decl(&cfg),
            AccountsOverview::decl(&cfg),
            ImageLimits::decl(&cfg),
            InstagramLimits::decl(&cfg),
            FacebookLimits::decl(&cfg),
            Limits::decl(&cfg),
            Bounds::decl(&cfg),
            UiRules::decl(&cfg),
        ];
        let mut out = String::from(
            "// Generated from the Rust IPC types by ts-rs. Do not edit by hand:\n// run `cargo xtask bindings` after changing a type.\n\n",
        );
        for decl in decls {
            out.push_str("export ");
            out.push_str(&decl);
            out.push_str("\n\n");
        }
        out.push_str(&rules_constant());
        out.truncate(out.trim_end().len());
        out.push('\n');
        out
    }

    /// `export const RULES: UiRules = {...};` with core's values, as JSON (valid TypeScript).
    /// Typed by `UiRules` rather than `as const`, so `RULES.statuses_needing_reason.includes(s)`
    /// takes any `ComplaintStatus`.
    fn rules_constant() -> String {
        let json = serde_json::to_string_pretty(&ui_rules()).expect("rules serialise");
        format!(
            "/** The rules core applies (medsos_core::ui_rules), for the UI to draw its screens by. */\nexport const RULES: Readonly<UiRules> = {json};\n"
        )
    }

    fn bindings_path() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts")
    }

    #[test]
    fn generated_typescript_bindings_are_fresh() {
        let expected = render();
        let path = bindings_path();
        if std::env::var_os(UPDATE_ENV).is_some() {
            std::fs::write(&path, &expected).expect("write bindings");
            return;
        }
        let actual = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            actual == expected,
            "{} is stale: run `cargo xtask bindings` and commit the result",
            path.display()
        );
    }
}
