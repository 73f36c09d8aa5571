//! Block authors: counted per epoch as pallet-authorship finds them, paid at the epoch's close.

use crate::*;
use frame_system::pallet_prelude::BlockNumberFor;

impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_author(author: T::AccountId) {
		EpochAuthors::<T>::mutate(|authors| {
			if let Some(blocks) = authors.get_mut(&author) {
				*blocks = blocks.saturating_add(1);
			} else {
				// Beyond `MaxAuthors` an author goes unpaid and its share joins the treasury.
				let _ = authors.try_insert(author, 1);
			}
		});
	}
}
