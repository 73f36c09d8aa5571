//! The bounds of the runtime APIs' queries and why a query is refused, shared by the pallets
//! that answer them and the clients that ask.

use codec::{Decode, Encode};
use scale_info::TypeInfo;

/// The most entries one page of a paged query returns.
pub const MAX_PAGE: u32 = 1_000;

/// Why a runtime API refused a query.
#[derive(Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub enum QueryError {
	/// A page must hold from 1 to `max` entries.
	PageLimitOutOfRange {
		/// The limit asked for.
		limit: u32,
		/// The largest limit allowed.
		max: u32,
	},
	/// Devices are counted in cells of resolutions `coarsest` to `finest` only.
	NotADensityResolution {
		/// The resolution of the cell asked for.
		resolution: u8,
		/// The coarsest resolution counted.
		coarsest: u8,
		/// The finest resolution counted.
		finest: u8,
	},
	/// The cell is not a valid H3 cell index.
	InvalidCell,
}

impl core::fmt::Display for QueryError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			QueryError::PageLimitOutOfRange { limit, max } => {
				write!(f, "limit must be 1 to {max}, got {limit}")
			},
			QueryError::NotADensityResolution { resolution, coarsest, finest } => write!(
				f,
				"the cell has resolution {resolution}; devices are counted at resolutions \
				 {coarsest} to {finest}"
			),
			QueryError::InvalidCell => write!(f, "not a valid H3 cell"),
		}
	}
}

/// `limit` if a page may hold that many entries.
pub fn page_limit(limit: u32) -> Result<u32, QueryError> {
	if (1..=MAX_PAGE).contains(&limit) {
		Ok(limit)
	} else {
		Err(QueryError::PageLimitOutOfRange { limit, max: MAX_PAGE })
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn pages_hold_one_to_max_entries() {
		assert_eq!(page_limit(1), Ok(1));
		assert_eq!(page_limit(MAX_PAGE), Ok(MAX_PAGE));
		for limit in [0, MAX_PAGE + 1] {
			let error = page_limit(limit).unwrap_err();
			assert_eq!(error, QueryError::PageLimitOutOfRange { limit, max: MAX_PAGE });
			assert_eq!(
				alloc::format!("{error}"),
				alloc::format!("limit must be 1 to 1000, got {limit}")
			);
		}
	}
}
