//! Benchmarks of `pallet_coverage`, in the worst case of each call.

use super::*;
use depin_primitives::{
	signing::DeviceSigner,
	work::{RegistryBenchmarkHelper, UNIT},
	DeviceKind,
};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, Get},
};
use frame_system::RawOrigin;

/// A registered sensor with `signer`'s key and its heartbeat for the current epoch, signed.
fn signed_heartbeat<T: Config>(
	signer: &DeviceSigner,
) -> (Heartbeat, depin_primitives::DeviceSignature) {
	let owner: T::AccountId = account("owner", 0, 0);
	let device = signer.public();
	T::BenchmarkHelper::add_device(&owner, device, DeviceKind::Sensor, None);
	let epoch = CurrentEpoch::<T>::get();
	(Heartbeat { device, epoch }, signer.sign(&Pallet::<T>::heartbeat_message_for(&device, epoch)))
}

fn authorize<T: Config>(heartbeat: Heartbeat, signature: depin_primitives::DeviceSignature) {
	let call = Call::<T>::submit_heartbeat { heartbeat, signature };
	let validity = call.authorize(TransactionSource::External);
	assert!(matches!(validity, Some(Ok(_))), "the heartbeat is valid");
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn authorize_heartbeat_ed25519() {
		let (heartbeat, signature) =
			signed_heartbeat::<T>(&DeviceSigner::ed25519_from_seed(&[7; 32]));

		#[block]
		{
			authorize::<T>(heartbeat, signature);
		}
	}

	#[benchmark]
	fn authorize_heartbeat_p256() {
		let signer = DeviceSigner::p256_from_secret(&[7; 32]).expect("valid scalar");
		let (heartbeat, signature) = signed_heartbeat::<T>(&signer);

		#[block]
		{
			authorize::<T>(heartbeat, signature);
		}
	}

	/// The dispatch of an authorized heartbeat (its checks are in the authorization weight).
	#[benchmark]
	fn submit_heartbeat() {
		let (heartbeat, signature) =
			signed_heartbeat::<T>(&DeviceSigner::ed25519_from_seed(&[7; 32]));

		#[extrinsic_call]
		_(RawOrigin::Authorized, heartbeat, signature);

		assert_eq!(LastHeartbeat::<T>::get(heartbeat.device), Some(heartbeat.epoch));
		assert_eq!(CurrentEpochTotals::<T>::get().uptime, UNIT);
	}

	#[benchmark]
	fn set_epoch_length() {
		let length = T::MinEpochLength::get();

		#[extrinsic_call]
		_(RawOrigin::Root, length);

		assert_eq!(EpochLength::<T>::get(), length);
	}

	#[benchmark]
	fn on_initialize_within_epoch() {
		EpochStart::<T>::put(frame_system::Pallet::<T>::block_number());
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::advance_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get(), 0);
	}

	/// Closing an epoch, without the rewards side's own weight (which it reports).
	#[benchmark]
	fn on_initialize_closing_epoch() {
		let epoch = CurrentEpoch::<T>::get();
		let now = EpochStart::<T>::get() + EpochLength::<T>::get();

		#[block]
		{
			Pallet::<T>::advance_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch + 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
