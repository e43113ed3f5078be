//! Release keys and signatures in Tauri's updater format, made the way `cargo tauri signer`
//! makes them: the public key is base64 of a minisign `.pub` file's text, a signature is
//! base64 of a minisign `.sig` file's text.

use base64::Engine;

pub struct ReleaseKey {
    secret: minisign::SecretKey,
    public: minisign::PublicKey,
    /// What tauri.conf.json's `plugins.updater.pubkey` (or the debug override) holds.
    pub pubkey: String,
}

impl ReleaseKey {
    pub fn generate() -> ReleaseKey {
        let pair = minisign::KeyPair::generate_unencrypted_keypair().expect("minisign key pair");
        let text = pair.pk.to_box().expect("public key box").into_string();
        ReleaseKey {
            pubkey: base64::engine::general_purpose::STANDARD.encode(text),
            secret: pair.sk,
            public: pair.pk,
        }
    }

    /// The `.sig` content Tauri's bundler would write for `bytes`.
    pub fn sign(&self, bytes: &[u8], file_name: &str) -> String {
        let trusted = format!("timestamp:1765000000\tfile:{file_name}");
        let signature = minisign::sign(
            Some(&self.public),
            &self.secret,
            std::io::Cursor::new(bytes),
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .expect("minisign signature");
        base64::engine::general_purpose::STANDARD.encode(signature.into_string())
    }
}
