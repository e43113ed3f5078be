//! The platforms' limits: what Instagram and Facebook refuse, and the checks the app adds.
//!
//! Core's draft and media checks compare against these values and the UI receives the same
//! values as the generated `RULES` constant (src-tauri/src/bindings.rs), so a number written
//! here is the only copy of it. Sources: Meta's Instagram content publishing reference
//! (caption, hashtags, mentions, carousel, image) and Facebook's post text limit.

use crate::Platform;
use serde::Serialize;
use ts_rs::TS;

/// What Instagram accepts in one post.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct InstagramLimits {
    /// Characters in a caption (Unicode scalar values, as `str::chars` counts them).
    pub caption_chars: usize,
    /// Hashtags in one caption; the API refuses more. The smaller cap Instagram announced
    /// in Dec 2025 is a setting, bounded by this one.
    pub hashtags: usize,
    /// @-mentions in one caption.
    pub mentions: usize,
    /// Images in one carousel post.
    pub carousel_items: usize,
    /// Each image in a post.
    pub image: ImageLimits,
}

/// What Facebook accepts in one post.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct FacebookLimits {
    /// Characters in a post's text.
    pub caption_chars: usize,
}

/// The images Instagram publishes as they are.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct ImageLimits {
    /// Narrowest accepted shape (width / height): 4:5 portrait.
    pub min_aspect: f64,
    /// Widest accepted shape (width / height): 1.91:1 landscape.
    pub max_aspect: f64,
    /// Below this width (pixels) Instagram refuses the image.
    pub min_width: u32,
    /// Above this width (pixels) Instagram scales the image down itself, with its own
    /// filter and compression.
    pub max_width: u32,
    /// Largest file in bytes: "8 MB" read as 10^6-byte megabytes, the stricter reading.
    #[ts(type = "number")]
    pub max_bytes: u64,
}

/// Every platform's limits, keyed as the UI keys platforms (`RULES.limits[platform]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
pub struct Limits {
    pub instagram: InstagramLimits,
    pub facebook: FacebookLimits,
}

pub const INSTAGRAM: InstagramLimits = InstagramLimits {
    caption_chars: 2_200,
    hashtags: 30,
    mentions: 20,
    carousel_items: 10,
    image: ImageLimits {
        min_aspect: 4.0 / 5.0,
        max_aspect: 1.91,
        min_width: 320,
        max_width: 1440,
        max_bytes: 8_000_000,
    },
};

pub const FACEBOOK: FacebookLimits = FacebookLimits {
    caption_chars: 63_206,
};

pub const LIMITS: Limits = Limits {
    instagram: INSTAGRAM,
    facebook: FACEBOOK,
};

/// The longest caption `platform` accepts, in characters.
pub const fn caption_chars(platform: Platform) -> usize {
    match platform {
        Platform::Instagram => INSTAGRAM.caption_chars,
        Platform::Facebook => FACEBOOK.caption_chars,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caption_limits_are_the_platforms_published_ones() {
        assert_eq!(caption_chars(Platform::Instagram), 2_200);
        assert_eq!(caption_chars(Platform::Facebook), 63_206);
        assert_eq!(
            LIMITS.instagram.caption_chars,
            caption_chars(Platform::Instagram)
        );
        assert_eq!(
            LIMITS.facebook.caption_chars,
            caption_chars(Platform::Facebook)
        );
    }

    #[test]
    fn instagram_counts_and_image_bounds_are_coherent() {
        assert_eq!(INSTAGRAM.hashtags, 30);
        assert_eq!(INSTAGRAM.mentions, 20);
        assert_eq!(INSTAGRAM.carousel_items, 10);
        let image = INSTAGRAM.image;
        assert!((image.min_aspect - 0.8).abs() < 1e-12);
        assert!(image.min_aspect < 1.0 && 1.0 < image.max_aspect);
        assert!(image.min_width < image.max_width);
        assert_eq!(image.max_bytes, 8_000_000);
    }

    #[test]
    fn limits_serialise_keyed_by_platform_name() {
        let json = serde_json::to_value(LIMITS).expect("serialises");
        for p in Platform::ALL {
            assert_eq!(
                json[p.as_str()]["caption_chars"],
                serde_json::json!(caption_chars(p)),
                "{p:?}"
            );
        }
        assert_eq!(
            json["instagram"]["image"]["min_aspect"],
            serde_json::json!(0.8)
        );
        assert_eq!(json["instagram"]["hashtags"], serde_json::json!(30));
    }
}
