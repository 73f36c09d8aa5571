//! Recalls: a maker withdraws its certification of a whole production batch, and may restore
//! it.

use crate::*;
use depin_primitives::maker::{BatchId, MakerId};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_recall_batch(
		account: T::AccountId,
		maker: MakerId,
		batch: BatchId,
	) -> DispatchResult {
		let mut info = Self::managed_maker(&account, maker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		let at = info.recalled.binary_search(&batch).err().ok_or(Error::<T>::BatchRecalled)?;
		info.recalled.try_insert(at, batch).map_err(|_| Error::<T>::TooManyRecalledBatches)?;
		Makers::<T>::insert(maker, info);
		Self::deposit_event(Event::BatchRecalled { maker, batch });
		Ok(())
	}

	pub(crate) fn do_restore_batch(
		account: T::AccountId,
		maker: MakerId,
		batch: BatchId,
	) -> DispatchResult {
		let mut info = Self::managed_maker(&account, maker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		let at = info.recalled.binary_search(&batch).map_err(|_| Error::<T>::BatchNotRecalled)?;
		info.recalled.remove(at);
		Makers::<T>::insert(maker, info);
		Self::deposit_event(Event::BatchRestored { maker, batch });
		Ok(())
	}
}
