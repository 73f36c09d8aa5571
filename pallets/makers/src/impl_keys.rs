//! A maker's signing keys: added, retired when rotated out, revoked when compromised. Keys keep
//! their place in the maker's list, so that device records can name them by index.

use crate::*;
use depin_primitives::maker::{MakerId, MakerKey};
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_maker_key(
		account: T::AccountId,
		maker: MakerId,
		key: MakerKey,
	) -> DispatchResult {
		let mut info = Self::managed_maker(&account, maker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		ensure!(!info.keys.iter().any(|known| known.key == key), Error::<T>::KeyAlreadyAdded);
		let index = info.keys.len() as u8;
		info.keys
			.try_push(MakerKeyInfo { key, status: KeyStatus::Active })
			.map_err(|_| Error::<T>::TooManyKeys)?;
		Makers::<T>::insert(maker, info);
		Self::deposit_event(Event::MakerKeyAdded { maker, key, index });
		Ok(())
	}

	pub(crate) fn do_retire_maker_key(
		account: T::AccountId,
		maker: MakerId,
		key: MakerKey,
	) -> DispatchResult {
		let info = Self::managed_maker(&account, maker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		Self::change_key(maker, info, &key, KeyStatus::Active, KeyStatus::Retired)?;
		Self::deposit_event(Event::MakerKeyRetired { maker, key });
		Ok(())
	}

	pub(crate) fn do_revoke_maker_key(
		account: T::AccountId,
		maker: MakerId,
		key: MakerKey,
	) -> DispatchResult {
		let mut info = Self::managed_maker(&account, maker)?;
		ensure!(info.status != MakerStatus::Revoked, Error::<T>::MakerIsRevoked);
		let entry = Self::key_entry(&mut info, &key)?;
		ensure!(entry.status != KeyStatus::Revoked, Error::<T>::MakerKeyRevoked);
		entry.status = KeyStatus::Revoked;
		Makers::<T>::insert(maker, info);
		Self::deposit_event(Event::MakerKeyRevoked { maker, key });
		Ok(())
	}

	pub(crate) fn do_reinstate_maker_key(maker: MakerId, key: MakerKey) -> DispatchResult {
		let info = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		Self::change_key(maker, info, &key, KeyStatus::Revoked, KeyStatus::Active).map_err(
			|error| match error {
				Error::<T>::MakerKeyNotActive => Error::<T>::MakerKeyNotRevoked,
				other => other,
			},
		)?;
		Self::deposit_event(Event::MakerKeyReinstated { maker, key });
		Ok(())
	}

	/// Moves `key` of `info` from status `from` to `to`, and stores `info`.
	fn change_key(
		maker: MakerId,
		mut info: MakerInfoOf<T>,
		key: &MakerKey,
		from: KeyStatus,
		to: KeyStatus,
	) -> Result<(), Error<T>> {
		let entry = Self::key_entry(&mut info, key)?;
		ensure!(entry.status == from, Error::<T>::MakerKeyNotActive);
		entry.status = to;
		Makers::<T>::insert(maker, info);
		Ok(())
	}

	fn key_entry<'a>(
		info: &'a mut MakerInfoOf<T>,
		key: &MakerKey,
	) -> Result<&'a mut MakerKeyInfo, Error<T>> {
		info.keys.iter_mut().find(|known| known.key == *key).ok_or(Error::<T>::UnknownMakerKey)
	}
}
