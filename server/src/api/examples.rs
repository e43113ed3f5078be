//! Error bodies for the OpenAPI document, made from the hub's own errors so the document
//! shows the codes and wording clients really receive.

use super::body_limit::{BODY_LIMIT_BYTES, REPORTS_BODY_LIMIT_BYTES};
use crate::device::DeviceName;
use crate::error::Error;
use serde_json::Value;

fn body(error: Error) -> Value {
    serde_json::to_value(error.to_api_error()).unwrap_or_default()
}

pub fn invalid_code() -> Value {
    body(Error::EnrolmentCodeRejected)
}

pub fn invalid_device_name() -> Value {
    DeviceName::parse("").err().map_or(Value::Null, body)
}

pub fn not_json() -> Value {
    body(Error::NotJson)
}

/// Every internal failure answers with the same body, whatever the cause.
pub fn internal() -> Value {
    body(Error::Store("Query returned no rows".to_owned()))
}

pub fn malformed_json() -> Value {
    body(Error::MalformedJson(
        "EOF while parsing an object at line 1 column 20".to_owned(),
    ))
}

pub fn invalid_token() -> Value {
    body(Error::InvalidToken)
}

pub fn too_large() -> Value {
    body(Error::BodyTooLarge {
        limit_kb: BODY_LIMIT_BYTES / 1024,
    })
}

pub fn registry_input_too_long() -> Value {
    body(crate::public_limit::Refusal::TooLong.into())
}

pub fn client_rate_limited() -> Value {
    body(Error::ClientRateLimited {
        retry_after_secs: 1,
    })
}

pub fn reports_too_large() -> Value {
    body(Error::BodyTooLarge {
        limit_kb: REPORTS_BODY_LIMIT_BYTES / 1024,
    })
}

pub fn too_many_days() -> Value {
    let days = vec![medsos_protocol::DailySummary::example("2026-07-12", 1); 61];
    let batch = medsos_protocol::SummaryBatch {
        schema_version: medsos_protocol::SCHEMA_VERSION,
        days,
    };
    let today = time::macros::date!(2026 - 07 - 12);
    crate::summary::check_batch(&batch, today)
        .err()
        .map_or(Value::Null, body)
}

pub fn rate_limited() -> Value {
    body(Error::RateLimited {
        retry_after_secs: 1,
    })
}

pub fn holidays_not_available() -> Value {
    body(Error::HolidaysNotAvailable(2031))
}

pub fn invalid_year() -> Value {
    body(Error::Invalid {
        code: "holidays.invalid_year",
        message: "Tahun harus empat angka, 2000 sampai 2100.",
    })
}

pub fn attachment_not_found() -> Value {
    body(Error::NotFound("/api/v1/briefs/3/attachments/9".to_owned()))
}

pub fn invalid_post_url() -> Value {
    let batch = medsos_protocol::FulfilmentBatch {
        fulfilments: vec![medsos_protocol::BriefFulfilment {
            brief_id: 3,
            platform: medsos_protocol::Platform::Instagram,
            url: "http://www.instagram.com/p/C9xYz12AbCd/".to_owned(),
            day: "2026-07-12".to_owned(),
        }],
    };
    crate::brief::check_fulfilments(&batch, time::macros::date!(2026 - 07 - 12))
        .err()
        .map_or(Value::Null, body)
}

pub fn homoglyph_account() -> Value {
    let list = medsos_protocol::AccountList {
        accounts: vec![medsos_protocol::AgencyAccount {
            platform: medsos_protocol::Platform::Instagram,
            // A Cyrillic "а" in place of the Latin one.
            handle: "dinkesci\u{430}njur".to_owned(),
            url: "https://www.instagram.com/dinkescianjur/".to_owned(),
            display_name: "Dinas Kesehatan Kab. Cianjur".to_owned(),
            verified: false,
            verification_requested_on: None,
        }],
    };
    crate::account::check_list(&list, time::macros::date!(2026 - 11 - 26))
        .err()
        .map_or(Value::Null, body)
}

pub fn invalid_report_url() -> Value {
    let batch = medsos_protocol::ImpersonationReportBatch {
        reports: vec![medsos_protocol::ImpersonationReport {
            id: "0f8b6c1e-6a57-4d3e-9a7e-2b9f4f1d2c3a".to_owned(),
            platform: medsos_protocol::Platform::Instagram,
            handle: "dinkes.cianjur".to_owned(),
            url: "http://instagram.com.evil.example/dinkes.cianjur".to_owned(),
            imitates: Some("dinkescianjur".to_owned()),
            description: "Meminta transfer biaya pendaftaran vaksinasi lewat DM.".to_owned(),
            status: medsos_protocol::ReportStatus::Dilaporkan,
            first_seen_on: "2026-11-20".to_owned(),
            updated_at: "2026-11-21T03:15:00Z".to_owned(),
        }],
    };
    crate::impersonation::check_batch(&batch, time::macros::datetime!(2026-11-26 14:00 UTC))
        .err()
        .map_or(Value::Null, body)
}

pub fn media_too_large() -> Value {
    body(Error::BodyTooLarge {
        limit_kb: medsos_protocol::MAX_MEDIA_BYTES / 1024,
    })
}

pub fn media_not_jpeg() -> Value {
    body(Error::Rejected {
        code: "media.not_jpeg",
        message: "Foto harus JPEG (Instagram hanya menerima JPEG); berkas ini bukan JPEG yang dapat dibaca.".to_owned(),
    })
}

pub fn meta_not_connected() -> Value {
    body(Error::MetaNotConnected(
        "Akun Instagram PD ini belum terhubung ke Meta lewat Medsos Hub. Terbitkan manual seperti biasa, lalu tempel tautannya.".to_owned(),
    ))
}

pub fn publication_time_passed() -> Value {
    body(Error::Rejected {
        code: "publication.time_passed",
        message: "Waktu terbit sudah lewat. Pilih waktu baru, atau terbitkan sekarang.".to_owned(),
    })
}

pub fn publication_not_found() -> Value {
    body(Error::NotFound("/api/v1/publications/slot-1".to_owned()))
}

pub fn publication_not_waiting() -> Value {
    body(Error::Conflict {
        code: "publication.not_waiting",
        message: "Publikasi slot-1 sudah diterbitkan dan tidak dapat diubah lagi.".to_owned(),
    })
}

pub fn release_invalid_version() -> Value {
    crate::release::parse_version("terbaru")
        .err()
        .map_or(Value::Null, |e| {
            body(Error::BadPath {
                code: e.code(),
                message: e.to_string(),
            })
        })
}

pub fn release_file_not_found() -> Value {
    body(Error::NotFound("/api/v1/releases/files/".to_owned()))
}
