// The UI's words in Indonesian (default) and English. Keys are checked by TypeScript:
// a key missing in English does not compile.
import type { Language } from "./bindings";

const id = {
  "app.name": "Medsos PD",
  "app.tagline": "Meja kerja admin media sosial Perangkat Daerah",
  "nav.beranda": "Beranda",
  "nav.konten": "Konten",
  "nav.kalender": "Kalender",
  "nav.aduan": "Aduan",
  "nav.akun": "Akun Resmi",
  "nav.laporan": "Laporan & Sinkron",
  "nav.pengaturan": "Pengaturan",
  "common.loading": "Memuat…",
  "common.save": "Simpan",
  "common.saving": "Menyimpan…",
  "common.retry": "Coba lagi",
  "lang.label": "Bahasa",
  "lang.id": "Bahasa Indonesia",
  "lang.en": "English",
  "firstRun.title": "Selamat datang di Medsos PD",
  "firstRun.lead":
    "Sebelum mulai, isi profil instansi Anda. Profil ini tercantum pada laporan harian ke Diskominfo dan dapat diubah kapan saja di Pengaturan.",
  "firstRun.submit": "Simpan dan mulai",
  "profile.title": "Profil instansi",
  "profile.name": "Nama instansi",
  "profile.name.hint": "Contoh: Dinas Kesehatan Kabupaten Cianjur",
  "profile.code": "Kode instansi",
  "profile.code.hint": "Singkatan resmi dari Diskominfo, contoh: DINKES",
  "profile.address": "Alamat kantor",
  "profile.address.hint": "Boleh dikosongkan",
  "profile.admin": "Nama admin media sosial",
  "profile.saved": "Profil tersimpan.",
  "store.title": "Data Medsos PD tidak dapat dibuka",
  "store.lead": "Aplikasi tetap aman: berkas data Anda tidak diubah sedikit pun.",
  "store.path": "Lokasi berkas",
  "store.what": "Yang dapat dilakukan",
  "store.reopen": "Coba buka lagi",
  "beranda.greeting.morning": "Selamat pagi",
  "beranda.greeting.noon": "Selamat siang",
  "beranda.greeting.afternoon": "Selamat sore",
  "beranda.greeting.evening": "Selamat malam",
  "beranda.drafts": "Draf tersimpan",
  "beranda.newDraft": "Tulis draf baru",
  "beranda.recent": "Draf terakhir diubah",
  "beranda.noDrafts": "Belum ada draf. Mulai dengan menulis narasi kegiatan hari ini.",
  "beranda.agency": "Instansi",
  "beranda.dataDir": "Data tersimpan di komputer ini",
  "konten.title": "Konten",
  "konten.new": "Draf baru",
  "konten.empty": "Belum ada draf.",
  "konten.pick": "Pilih draf di sebelah kiri atau buat draf baru.",
  "konten.untitled": "(tanpa judul)",
  "konten.field.title": "Judul",
  "konten.field.title.placeholder": "Judul singkat, misalnya: Posyandu Desa Sukamaju",
  "konten.field.body": "Narasi",
  "konten.field.body.placeholder":
    "Tulis narasi kegiatan di sini. Semua ketikan tersimpan otomatis.",
  "konten.chars": "{count} karakter",
  "konten.status.idle": "Tersimpan otomatis",
  "konten.status.pending": "Belum tersimpan…",
  "konten.status.saving": "Menyimpan…",
  "konten.status.saved": "Tersimpan",
  "konten.status.error": "Gagal menyimpan — teks Anda tetap di layar",
  "konten.updated": "Diubah {when}",
  "soon.kalender":
    "Kalender posting Instagram dan Facebook: jadwal, pengingat, hari besar nasional dan Hari Jadi Cianjur.",
  "soon.aduan":
    "Kotak masuk aduan warga dari komentar dan pesan, dengan tenggat hari kerja dan tindak lanjut.",
  "soon.akun": "Daftar akun resmi instansi, status verifikasi, dan laporan akun palsu.",
  "soon.laporan": "Ringkasan harian yang dikirim ke Diskominfo dan riwayat sinkronisasi.",
  "soon.badge": "Sedang disiapkan",
  "soon.note": "Bagian ini aktif pada pembaruan berikutnya. Data yang sudah Anda simpan tetap aman.",
  "pengaturan.title": "Pengaturan",
  "pengaturan.language": "Bahasa tampilan",
  "pengaturan.dataDir": "Folder data",
  "pengaturan.dataDir.hint": "Atur variabel lingkungan MEDSOS_DATA_DIR untuk memakai folder lain.",
};

export type Key = keyof typeof id;

const en: Record<Key, string> = {
  "app.name": "Medsos PD",
  "app.tagline": "The social media desk of a regional government agency",
  "nav.beranda": "Home",
  "nav.konten": "Content",
  "nav.kalender": "Calendar",
  "nav.aduan": "Complaints",
  "nav.akun": "Official accounts",
  "nav.laporan": "Reports & sync",
  "nav.pengaturan": "Settings",
  "common.loading": "Loading…",
  "common.save": "Save",
  "common.saving": "Saving…",
  "common.retry": "Try again",
  "lang.label": "Language",
  "lang.id": "Bahasa Indonesia",
  "lang.en": "English",
  "firstRun.title": "Welcome to Medsos PD",
  "firstRun.lead":
    "Before you start, fill in your agency's profile. It appears on the daily report to Diskominfo and can be changed any time in Settings.",
  "firstRun.submit": "Save and start",
  "profile.title": "Agency profile",
  "profile.name": "Agency name",
  "profile.name.hint": "For example: Dinas Kesehatan Kabupaten Cianjur",
  "profile.code": "Agency code",
  "profile.code.hint": "The short code Diskominfo uses, for example: DINKES",
  "profile.address": "Office address",
  "profile.address.hint": "Optional",
  "profile.admin": "Social media admin's name",
  "profile.saved": "Profile saved.",
  "store.title": "Medsos PD's data cannot be opened",
  "store.lead": "Nothing was harmed: your data file has not been changed at all.",
  "store.path": "File location",
  "store.what": "What you can do",
  "store.reopen": "Try opening again",
  "beranda.greeting.morning": "Good morning",
  "beranda.greeting.noon": "Good day",
  "beranda.greeting.afternoon": "Good afternoon",
  "beranda.greeting.evening": "Good evening",
  "beranda.drafts": "Saved drafts",
  "beranda.newDraft": "Write a new draft",
  "beranda.recent": "Recently edited drafts",
  "beranda.noDrafts": "No drafts yet. Start by writing up today's activity.",
  "beranda.agency": "Agency",
  "beranda.dataDir": "Data is kept on this computer",
  "konten.title": "Content",
  "konten.new": "New draft",
  "konten.empty": "No drafts yet.",
  "konten.pick": "Pick a draft on the left or create a new one.",
  "konten.untitled": "(untitled)",
  "konten.field.title": "Title",
  "konten.field.title.placeholder": "A short title, e.g. Posyandu Desa Sukamaju",
  "konten.field.body": "Narrative",
  "konten.field.body.placeholder": "Write the narrative here. Everything you type is saved automatically.",
  "konten.chars": "{count} characters",
  "konten.status.idle": "Saved automatically",
  "konten.status.pending": "Not saved yet…",
  "konten.status.saving": "Saving…",
  "konten.status.saved": "Saved",
  "konten.status.error": "Could not save — your text is still on screen",
  "konten.updated": "Edited {when}",
  "soon.kalender":
    "Posting calendar for Instagram and Facebook: schedule, reminders, national holidays and Hari Jadi Cianjur.",
  "soon.aduan":
    "Inbox of citizen complaints from comments and messages, with working-day deadlines and follow-up.",
  "soon.akun": "The agency's official accounts, their verification, and reports of fake accounts.",
  "soon.laporan": "The daily summary sent to Diskominfo and the sync history.",
  "soon.badge": "In preparation",
  "soon.note": "This section arrives in a coming update. Everything you saved stays safe.",
  "pengaturan.title": "Settings",
  "pengaturan.language": "Display language",
  "pengaturan.dataDir": "Data folder",
  "pengaturan.dataDir.hint": "Set the MEDSOS_DATA_DIR environment variable to use another folder.",
};

export const dictionaries: Record<Language, Record<Key, string>> = { id, en };

export const i18n = $state<{ lang: Language }>({ lang: "id" });

/** Translates `key` into the current language, filling `{name}` placeholders. */
export function t(key: Key, params: Record<string, string | number> = {}): string {
  return translate(i18n.lang, key, params);
}

export function translate(
  lang: Language,
  key: Key,
  params: Record<string, string | number> = {},
): string {
  const text = dictionaries[lang][key] ?? dictionaries.id[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** Errors come from the core in Indonesian; English is shown for the codes we know. */
const englishErrors: Record<string, string> = {
  "invalid.name": "Enter the agency name (at least 3 letters, at most 120).",
  "invalid.code":
    "Enter the agency code: letters, digits, dot, dash or underscore, at most 32 (e.g. DINKES).",
  "invalid.admin_name": "Enter the admin's name (at most 120 characters).",
  "invalid.address": "The address is too long (at most 300 characters).",
  "invalid.title": "The title is too long (at most 200 characters).",
  "invalid.body":
    "The narrative could not be saved: it is too long (at most 100,000 characters) or contains characters that cannot be stored.",
};

export function errorText(error: { code: string; message: string }): string {
  if (i18n.lang === "en" && englishErrors[error.code]) return englishErrors[error.code];
  return error.message;
}
