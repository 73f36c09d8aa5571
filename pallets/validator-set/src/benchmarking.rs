//! Benchmarks of `pallet_validator_set`, in the worst case of each call.

use super::*;
use alloc::vec::Vec;
use codec::Decode;
use frame_benchmarking::v2::*;
use frame_support::{pallet_prelude::*, BoundedVec};
use sp_runtime::traits::TrailingZeroInput;

/// Registers zeroed session keys for `who`, as `session.setKeys` would.
fn register_keys<T: Config>(who: &T::AccountId) {
	let keys = T::Keys::decode(&mut TrailingZeroInput::zeroes()).expect("zeroed keys decode");
	pallet_session::NextKeys::<T>::insert(who, keys);
}

/// Fills the planned set with `count` generated validators.
fn fill_validators<T: Config>(count: u32) -> Vec<T::AccountId> {
	let validators: Vec<T::AccountId> = (0..count).map(|i| account("validator", i, 0)).collect();
	let bounded: BoundedVec<_, T::MaxValidators> =
		validators.clone().try_into().expect("count is within MaxValidators");
	Validators::<T>::put(bounded);
	validators
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		fill_validators::<T>(T::MaxValidators::get() - 1);
		let candidate: T::AccountId = account("candidate", 0, 0);
		register_keys::<T>(&candidate);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, candidate.clone());

		assert!(Validators::<T>::get().contains(&candidate));
		Ok(())
	}

	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let validators = fill_validators::<T>(T::MaxValidators::get());
		let last = validators.last().expect("MaxValidators is at least 1").clone();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, last.clone());

		assert!(!Validators::<T>::get().contains(&last));
		Ok(())
	}

	#[benchmark]
	fn set_session_length() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let length = T::MinSessionLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_eq!(SessionLength::<T>::get(), length);
		Ok(())
	}

	#[benchmark]
	fn note_author() {
		let author: T::AccountId = account("author", 0, 0);

		#[block]
		{
			<Pallet<T> as pallet_authorship::EventHandler<_, _>>::note_author(author.clone());
		}

		assert_eq!(AuthoredBlocks::<T>::get(&author), 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
