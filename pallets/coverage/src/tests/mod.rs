//! Unit tests of `pallet_coverage`.

mod heartbeats;
mod receipts;
mod settlement;
mod units;

use crate::{mock::*, Event};

/// The latest event this pallet deposited.
fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Coverage(event) => Some(event),
			_ => None,
		})
		.expect("a coverage event")
}
