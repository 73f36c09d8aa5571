//! Heartbeats: uptime proofs of non-radio devices.

use crate::*;
use alloc::vec::Vec;
use codec::Encode;
use depin_primitives::{
	device::{heartbeat_message, KeyScheme},
	maker::Revocation,
	work::{DeviceRegistry, DeviceView, ProvenWork, WorkCategory, REWARD_UNIT},
	DeviceKey, DeviceSignature, DeviceStatus,
};
use frame_support::{dispatch::DispatchResultWithPostInfo, pallet_prelude::*};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::traits::{Saturating, UniqueSaturatedInto, Zero};

impl<T: Config> Pallet<T> {
	/// The weight of checking a heartbeat: a P-256 signature is verified inside the runtime.
	pub(crate) fn heartbeat_check_weight(device: &DeviceKey) -> Weight {
		match device.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::authorize_heartbeat_ed25519(),
			KeyScheme::P256 => T::WeightInfo::authorize_heartbeat_p256(),
		}
	}

	/// The genesis hash, which every device-signed message carries.
	pub(crate) fn genesis_hash() -> T::Hash {
		frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::zero())
	}

	/// The message `device` signs as its heartbeat for `epoch` (`docs/proof-of-coverage.md`).
	pub fn heartbeat_message_for(
		device: &DeviceKey,
		epoch: depin_primitives::EpochIndex,
	) -> Vec<u8> {
		heartbeat_message(Self::genesis_hash().as_ref(), device, epoch)
	}

	/// Every rule a heartbeat must pass; the device it proves.
	pub(crate) fn check_heartbeat(
		heartbeat: &Heartbeat,
		signature: &DeviceSignature,
	) -> Result<DeviceView<T::AccountId>, Error<T>> {
		let device = T::Devices::device(&heartbeat.device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(device.status == DeviceStatus::Active, Error::<T>::DeviceNotActive);
		Self::ensure_certified(&device)?;
		ensure!(!device.kind.is_radio(), Error::<T>::NotAnUptimeDevice);
		ensure!(heartbeat.epoch == CurrentEpoch::<T>::get(), Error::<T>::WrongEpoch);
		ensure!(
			LastHeartbeat::<T>::get(heartbeat.device) != Some(heartbeat.epoch),
			Error::<T>::HeartbeatAlreadyAccepted
		);
		let message = Self::heartbeat_message_for(&heartbeat.device, heartbeat.epoch);
		ensure!(heartbeat.device.verify(signature, &message), Error::<T>::BadSignature);
		Ok(device)
	}

	/// The device's certification still holds.
	pub(crate) fn ensure_certified(device: &DeviceView<T::AccountId>) -> Result<(), Error<T>> {
		match device.revocation {
			None => Ok(()),
			Some(Revocation::MakerRevoked) => Err(Error::<T>::MakerRevoked),
			Some(Revocation::MakerKeyRevoked) => Err(Error::<T>::MakerKeyRevoked),
			Some(Revocation::BatchRecalled) => Err(Error::<T>::BatchRecalled),
			Some(Revocation::Uncertified) => Err(Error::<T>::Uncertified),
		}
	}

	/// Transaction-pool and block validation of a heartbeat submitted without a signed origin.
	pub(crate) fn authorize_heartbeat(
		_source: TransactionSource,
		heartbeat: &Heartbeat,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		Self::check_heartbeat(heartbeat, signature).map_err(invalid)?;
		// Valid until the epoch ends: after that its epoch is no longer the current one.
		let remaining: u64 = Self::epoch_end()
			.saturating_sub(frame_system::Pallet::<T>::block_number())
			.unique_saturated_into();
		let validity = ValidTransaction::with_tag_prefix("DepinHeartbeat")
			.and_provides((heartbeat.device, heartbeat.epoch))
			.longevity(remaining.max(1))
			.build()?;
		Ok((validity, Weight::zero()))
	}

	pub(crate) fn do_submit_heartbeat(
		origin: T::RuntimeOrigin,
		heartbeat: Heartbeat,
		signature: DeviceSignature,
	) -> DispatchResultWithPostInfo {
		let authorized = match origin.into() {
			// `authorize_heartbeat` checked everything in this very block state.
			Ok(RawOrigin::Authorized) => true,
			Ok(RawOrigin::Signed(who)) => {
				let device = Self::check_heartbeat(&heartbeat, &signature)?;
				ensure!(device.owner == who, Error::<T>::NotOwner);
				false
			},
			_ => return Err(DispatchError::BadOrigin.into()),
		};

		LastHeartbeat::<T>::insert(heartbeat.device, heartbeat.epoch);
		let units = REWARD_UNIT;
		CurrentEpochActivity::<T>::mutate(|activity| {
			activity.units.add(WorkCategory::Uptime, units);
			activity.proofs.heartbeats.saturating_inc();
		});
		// One credit per device and epoch: always the record's opening, as weighed.
		T::Work::credit(heartbeat.epoch, &heartbeat.device, WorkCategory::Uptime, units);
		Self::deposit_event(Event::HeartbeatAccepted {
			device: heartbeat.device,
			epoch: heartbeat.epoch,
			units,
		});
		// An authorized heartbeat's signature was paid for by the authorization weight.
		let actual = T::WeightInfo::submit_heartbeat().saturating_add(if authorized {
			Weight::zero()
		} else {
			Self::heartbeat_check_weight(&heartbeat.device)
		});
		Ok(Some(actual).into())
	}
}

/// The pool's form of a pallet error: `InvalidTransaction::Custom` with the error's index.
pub(crate) fn invalid<T: Config>(error: Error<T>) -> TransactionValidityError {
	let index = error.encode().first().copied().unwrap_or(u8::MAX);
	InvalidTransaction::Custom(index).into()
}
