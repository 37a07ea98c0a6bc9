//! Constants of the method that more than one stage uses.

/// Half-width of a 95% interval in standard deviations: a score's interval (features) and the
/// margins of the low and sliding tests (advise).
pub const INTERVAL_Z: f64 = 1.96;
