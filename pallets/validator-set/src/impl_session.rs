//! The pallet's logic: changes to the planned set, and its part in session rotation.

use crate::*;
use alloc::vec::Vec;
use frame_support::{
	pallet_prelude::*,
	traits::{EstimateNextSessionRotation, ValidatorRegistration},
};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Permill};
use sp_staking::SessionIndex;

impl<T: Config> Pallet<T> {
	pub(crate) fn do_add_validator(validator: T::AccountId) -> DispatchResult {
		ensure!(
			pallet_session::Pallet::<T>::is_registered(&validator),
			Error::<T>::SessionKeysNotSet
		);
		Validators::<T>::try_mutate(|validators| {
			ensure!(!validators.contains(&validator), Error::<T>::AlreadyValidator);
			validators.try_push(validator.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Ok::<_, DispatchError>(())
		})?;
		PlannedSetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorAdded { validator });
		Ok(())
	}

	pub(crate) fn do_remove_validator(validator: T::AccountId) -> DispatchResult {
		Validators::<T>::try_mutate(|validators| {
			let position =
				validators.iter().position(|v| v == &validator).ok_or(Error::<T>::NotValidator)?;
			ensure!(
				validators.len() as u32 > T::MinValidators::get(),
				Error::<T>::TooFewValidators
			);
			validators.remove(position);
			Ok::<_, DispatchError>(())
		})?;
		PlannedSetChanged::<T>::put(true);
		Self::deposit_event(Event::ValidatorRemoved { validator });
		Ok(())
	}

	pub(crate) fn do_set_session_length(length: BlockNumberFor<T>) -> DispatchResult {
		ensure!(length >= T::MinSessionLength::get(), Error::<T>::SessionLengthTooShort);
		SessionLength::<T>::put(length);
		Self::deposit_event(Event::SessionLengthChanged { length });
		Ok(())
	}

	/// Takes validators that were active during all of `session` but authored nothing out of the
	/// planned set, and resets the authorship counters. Bounded by `MaxValidators`.
	fn remove_inactive(session: SessionIndex) {
		let active = pallet_session::Validators::<T>::get();
		let mut planned = Validators::<T>::get();
		let mut removed = Vec::new();
		for validator in active.iter() {
			if AuthoredBlocks::<T>::get(validator) > 0 {
				continue;
			}
			if planned.len() as u32 <= T::MinValidators::get() {
				break;
			}
			if let Some(position) = planned.iter().position(|v| v == validator) {
				planned.remove(position);
				removed.push(validator.clone());
			}
		}
		if !removed.is_empty() {
			Validators::<T>::put(planned);
			PlannedSetChanged::<T>::put(true);
			for validator in removed {
				log::warn!(
					target: "runtime::validator-set",
					"validator {validator:?} authored no block in session {session}; removed",
				);
				Self::deposit_event(Event::InactiveValidatorRemoved { validator, session });
			}
		}
		// Only active validators author, so this clears everything; `MaxValidators` bounds it.
		let _ = AuthoredBlocks::<T>::clear(T::MaxValidators::get(), None);
	}

	/// Whether no account appears twice in `validators`.
	pub(crate) fn all_distinct(validators: &[T::AccountId]) -> bool {
		let mut sorted = validators.to_vec();
		sorted.sort();
		sorted.windows(2).all(|pair| pair[0] != pair[1])
	}

	#[cfg(any(feature = "try-runtime", test))]
	pub(crate) fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(
			validators.len() as u32 >= T::MinValidators::get(),
			"fewer planned validators than MinValidators"
		);
		ensure!(Self::all_distinct(&validators), "duplicate planned validator");
		ensure!(
			AuthoredBlocks::<T>::iter_keys().count() as u32 <= T::MaxValidators::get(),
			"more authors than MaxValidators"
		);
		Ok(())
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		PlannedSetChanged::<T>::take().then(|| Validators::<T>::get().into_inner())
	}

	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		Some(Validators::<T>::get().into_inner())
	}

	fn end_session(end_index: SessionIndex) {
		Self::remove_inactive(end_index);
	}

	fn start_session(_start_index: SessionIndex) {
		SessionStart::<T>::put(frame_system::Pallet::<T>::block_number());
	}
}

impl<T: Config> pallet_session::ShouldEndSession<BlockNumberFor<T>> for Pallet<T> {
	fn should_end_session(now: BlockNumberFor<T>) -> bool {
		now.saturating_sub(SessionStart::<T>::get()) >= SessionLength::<T>::get()
	}
}

impl<T: Config> EstimateNextSessionRotation<BlockNumberFor<T>> for Pallet<T> {
	fn average_session_length() -> BlockNumberFor<T> {
		SessionLength::<T>::get()
	}

	fn estimate_current_session_progress(now: BlockNumberFor<T>) -> (Option<Permill>, Weight) {
		let elapsed = now.saturating_sub(SessionStart::<T>::get()).saturating_add(1u32.into());
		let progress = Permill::from_rational(elapsed, SessionLength::<T>::get().max(1u32.into()));
		(Some(progress), T::DbWeight::get().reads(2))
	}

	fn estimate_next_session_rotation(
		_now: BlockNumberFor<T>,
	) -> (Option<BlockNumberFor<T>>, Weight) {
		let next = SessionStart::<T>::get().saturating_add(SessionLength::<T>::get());
		(Some(next), T::DbWeight::get().reads(2))
	}
}

/// Counts the blocks each validator authors; wired as `pallet_authorship::Config::EventHandler`.
impl<T: Config> pallet_authorship::EventHandler<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn note_author(author: T::AccountId) {
		AuthoredBlocks::<T>::mutate(&author, |count| *count = count.saturating_add(1));
	}
}
