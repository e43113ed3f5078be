//! What Diskominfo decides about scoring: the weight of each indicator in the kinerja score
//! and the weekly number of posts every agency is asked for on each platform.

use crate::error::Error;
use crate::store::HubStore;

/// Weights of the six indicators, whole numbers 0 to 100. Only their ratio matters: the score
/// divides by their sum over the indicators that apply to an agency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Weights {
    pub posting: u32,
    pub on_time: u32,
    pub response: u32,
    pub resolution: u32,
    pub reporting: u32,
    pub accounts: u32,
    /// Interaksi from Meta's figures: 0 (not counted) until Diskominfo weighs it.
    pub interaction: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            posting: 30,
            on_time: 15,
            response: 20,
            resolution: 15,
            reporting: 10,
            accounts: 10,
            interaction: 0,
        }
    }
}

impl Weights {
    pub fn as_array(&self) -> [u32; 7] {
        [
            self.posting,
            self.on_time,
            self.response,
            self.resolution,
            self.reporting,
            self.accounts,
            self.interaction,
        ]
    }

    pub fn from_array(values: [u32; 7]) -> Weights {
        Weights {
            posting: values[0],
            on_time: values[1],
            response: values[2],
            resolution: values[3],
            reporting: values[4],
            accounts: values[5],
            interaction: values[6],
        }
    }

    pub fn total(&self) -> u32 {
        self.as_array().iter().sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DashboardSettings {
    pub weights: Weights,
    /// Posts a week asked of every agency on Instagram and on Facebook.
    pub weekly_target_instagram: u32,
    pub weekly_target_facebook: u32,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        DashboardSettings {
            weights: Weights::default(),
            weekly_target_instagram: 3,
            weekly_target_facebook: 3,
        }
    }
}

const KEYS: [&str; 7] = [
    "weight.posting",
    "weight.on_time",
    "weight.response",
    "weight.resolution",
    "weight.reporting",
    "weight.accounts",
    "weight.interaction",
];

/// The settings saved, with the default for anything never saved or unreadable.
pub fn load(store: &dyn HubStore) -> Result<DashboardSettings, Error> {
    let rows = store.dashboard_settings()?;
    let mut settings = DashboardSettings::default();
    let mut weights = settings.weights.as_array();
    for (key, value) in rows {
        let Ok(value) = value.parse::<u32>() else {
            continue;
        };
        if let Some(i) = KEYS.iter().position(|k| *k == key) {
            weights[i] = value.min(100);
        } else if key == "target.instagram" {
            settings.weekly_target_instagram = value.min(MAX_WEEKLY_TARGET);
        } else if key == "target.facebook" {
            settings.weekly_target_facebook = value.min(MAX_WEEKLY_TARGET);
        }
    }
    settings.weights = Weights::from_array(weights);
    Ok(settings)
}

pub const MAX_WEEKLY_TARGET: u32 = 50;

/// Checks and saves all settings at once; nothing is saved when any is out of range.
pub fn save(store: &dyn HubStore, settings: &DashboardSettings) -> Result<(), Error> {
    let weights = settings.weights.as_array();
    if weights.iter().any(|w| *w > 100) {
        return Err(Error::Invalid {
            code: "settings.invalid_weight",
            message: "Setiap bobot harus bilangan bulat 0 sampai 100.",
        });
    }
    if settings.weights.total() == 0 {
        return Err(Error::Invalid {
            code: "settings.no_weight",
            message: "Paling sedikit satu bobot harus lebih dari 0.",
        });
    }
    if settings.weekly_target_instagram > MAX_WEEKLY_TARGET
        || settings.weekly_target_facebook > MAX_WEEKLY_TARGET
    {
        return Err(Error::Invalid {
            code: "settings.invalid_target",
            message: "Target mingguan harus 0 sampai 50 unggahan.",
        });
    }
    let mut entries: Vec<(&str, String)> = KEYS
        .iter()
        .zip(weights)
        .map(|(key, value)| (*key, value.to_string()))
        .collect();
    entries.push((
        "target.instagram",
        settings.weekly_target_instagram.to_string(),
    ));
    entries.push((
        "target.facebook",
        settings.weekly_target_facebook.to_string(),
    ));
    store.save_dashboard_settings(&entries)
}
