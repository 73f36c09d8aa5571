//! Sanctions, appeals and challenges. A sanction belongs to the device key: it lives in the
//! device's record while the key is registered and in [`KeySanctions`] while it is not, so that
//! neither deregistration nor re-registration by another owner sheds it.

use crate::*;
use depin_primitives::{
	work::DeviceSettlement, DeviceKey, DeviceStatus, SanctionReason, SanctionStatus,
};
use frame_support::{
	dispatch::DispatchResultWithPostInfo,
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, MutateHold},
		tokens::{Fortitude, Precision, Restriction},
		OnUnbalanced,
	},
};
use sp_core::H256;
use sp_runtime::{traits::Zero, Saturating};

/// Where a key's sanction lives.
enum Holder<T: Config> {
	/// The key is registered: the sanction is in its record.
	Registered(DeviceInfoOf<T>),
	/// It is not: the sanction is in [`KeySanctions`].
	Unregistered(Option<SanctionOf<T>>),
}

impl<T: Config> Holder<T> {
	fn of(device: &DeviceKey) -> Self {
		match Devices::<T>::get(device) {
			Some(info) => Holder::Registered(info),
			None => Holder::Unregistered(KeySanctions::<T>::get(device)),
		}
	}

	fn sanction(&self) -> Option<&SanctionOf<T>> {
		match self {
			Holder::Registered(info) => info.sanction.as_ref(),
			Holder::Unregistered(sanction) => sanction.as_ref(),
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The sanction on `device`'s key, registered or not.
	pub fn sanction_of(device: &DeviceKey) -> Option<SanctionOf<T>> {
		Holder::<T>::of(device).sanction().cloned()
	}

	/// Sets the sanction on `device`'s key where it lives, keeping the counts of a registered
	/// device right.
	fn set_sanction(device: &DeviceKey, holder: Holder<T>, sanction: Option<SanctionOf<T>>) {
		match holder {
			Holder::Registered(before) => {
				let mut after = before.clone();
				after.sanction = sanction;
				Self::update_counts(Some(&before), Some(&after));
				Devices::<T>::insert(device, after);
			},
			Holder::Unregistered(_) => KeySanctions::<T>::set(device, sanction),
		}
	}

	pub(crate) fn do_sanction_device(
		device: DeviceKey,
		status: SanctionStatus,
		reason: SanctionReason,
		evidence: H256,
	) -> DispatchResultWithPostInfo {
		let holder = Holder::<T>::of(&device);
		let previous = holder.sanction().cloned();
		ensure!(previous.as_ref().map(|s| s.status) != Some(status), Error::<T>::SanctionUnchanged);
		let (slashed, forfeit_weight) = match &holder {
			Holder::Registered(info) if status == SanctionStatus::Denied => {
				let slash = Params::<T>::get().denial_slash * info.bond;
				(Self::slash_bond(info, slash), T::Settlement::forfeit(&device))
			},
			_ => (Zero::zero(), Weight::zero()),
		};
		let holder = Self::reduce_bond(&device, holder, slashed);
		// A pending appeal carries over to the new sanction: the owner contests the grounds.
		let sanction = Sanction {
			status,
			reason,
			evidence,
			since: frame_system::Pallet::<T>::block_number(),
			appeal: previous.and_then(|previous| previous.appeal),
		};
		Self::set_sanction(&device, holder, Some(sanction));
		Self::deposit_event(Event::DeviceSanctioned { device, status, reason, evidence, slashed });
		Ok(Some(T::WeightInfo::sanction_device().saturating_add(forfeit_weight)).into())
	}

	/// Slashes up to `amount` of `info`'s bond to the treasury; returns what was slashed.
	fn slash_bond(info: &DeviceInfoOf<T>, amount: BalanceOf<T>) -> BalanceOf<T> {
		let (credit, _missing) =
			T::Currency::slash(&HoldReason::DeviceBond.into(), &info.owner, amount);
		let slashed = frame_support::traits::Imbalance::peek(&credit);
		T::Treasury::on_unbalanced(credit);
		slashed
	}

	/// `holder` with `slashed` taken off its record's bond.
	fn reduce_bond(device: &DeviceKey, holder: Holder<T>, slashed: BalanceOf<T>) -> Holder<T> {
		match holder {
			Holder::Registered(mut info) if !slashed.is_zero() => {
				info.bond = info.bond.saturating_sub(slashed);
				Devices::<T>::insert(device, &info);
				Holder::Registered(info)
			},
			holder => holder,
		}
	}

	pub(crate) fn do_lift_sanction(device: DeviceKey) -> DispatchResult {
		let holder = Holder::<T>::of(&device);
		let sanction = holder.sanction().cloned().ok_or(Error::<T>::NotSanctioned)?;
		if let Some(appeal) = sanction.appeal {
			Self::release_deposit(&appeal);
		}
		Self::set_sanction(&device, holder, None);
		Self::deposit_event(Event::SanctionLifted { device });
		Ok(())
	}

	fn release_deposit(appeal: &Appeal<T::AccountId, BalanceOf<T>>) {
		// Best effort: nothing else touches this hold.
		let _ = T::Currency::release(
			&HoldReason::AppealDeposit.into(),
			&appeal.appellant,
			appeal.deposit,
			Precision::BestEffort,
		);
	}

	pub(crate) fn do_appeal(owner: T::AccountId, device: DeviceKey) -> DispatchResult {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner == owner, Error::<T>::NotOwner);
		let sanction = info.sanction.as_ref().ok_or(Error::<T>::AppealWithoutSanction)?;
		ensure!(sanction.appeal.is_none(), Error::<T>::AppealAlreadyOpen);
		let deposit = Params::<T>::get().appeal_deposit;
		T::Currency::hold(&HoldReason::AppealDeposit.into(), &owner, deposit)
			.map_err(|_| Error::<T>::InsufficientBalanceForDeposit)?;
		let mut sanction = sanction.clone();
		sanction.appeal = Some(Appeal { appellant: owner.clone(), deposit });
		Self::set_sanction(&device, Holder::Registered(info), Some(sanction));
		Self::deposit_event(Event::SanctionAppealed { device, appellant: owner, deposit });
		Ok(())
	}

	pub(crate) fn do_decide_appeal(device: DeviceKey, grant: bool) -> DispatchResult {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let mut sanction = info.sanction.clone().ok_or(Error::<T>::NoAppeal)?;
		let appeal = sanction.appeal.take().ok_or(Error::<T>::NoAppeal)?;
		if grant {
			return Self::do_lift_sanction(device);
		}
		let (credit, _missing) = T::Currency::slash(
			&HoldReason::AppealDeposit.into(),
			&appeal.appellant,
			appeal.deposit,
		);
		T::Treasury::on_unbalanced(credit);
		Self::set_sanction(&device, Holder::Registered(info), Some(sanction));
		Self::deposit_event(Event::AppealRefused { device, deposit: appeal.deposit });
		Ok(())
	}

	pub(crate) fn do_challenge_device(
		challenger: T::AccountId,
		device: DeviceKey,
		reason: SanctionReason,
		evidence: H256,
	) -> DispatchResult {
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(info.owner != challenger, Error::<T>::ChallengeOfOwnDevice);
		ensure!(info.status() != DeviceStatus::Denied, Error::<T>::DeviceDenied);
		ensure!(!Challenges::<T>::contains_key(device), Error::<T>::ChallengeAlreadyOpen);
		let bond = Params::<T>::get().challenge_bond;
		T::Currency::hold(&HoldReason::ChallengeBond.into(), &challenger, bond)
			.map_err(|_| Error::<T>::InsufficientBalanceForChallengeBond)?;
		Challenges::<T>::insert(
			device,
			Challenge {
				challenger: challenger.clone(),
				bond,
				reason,
				evidence,
				opened_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		Self::deposit_event(Event::DeviceChallenged { device, challenger, reason, evidence, bond });
		Ok(())
	}

	pub(crate) fn do_uphold_challenge(device: DeviceKey) -> DispatchResultWithPostInfo {
		let challenge = Challenges::<T>::take(device).ok_or(Error::<T>::NoChallenge)?;
		let info = Devices::<T>::get(device).ok_or(Error::<T>::UnknownDevice)?;
		let params = Params::<T>::get();
		// A device denied since the challenge opened paid its denial already.
		let already_denied = info.status() == DeviceStatus::Denied;
		let slash = if already_denied { Zero::zero() } else { params.denial_slash * info.bond };
		// The challenger's reward moves from the owner's hold to the challenger's free balance;
		// the rest of the slash goes to the treasury.
		let reward = T::Currency::transfer_on_hold(
			&HoldReason::DeviceBond.into(),
			&info.owner,
			&challenge.challenger,
			params.challenge_reward * slash,
			Precision::BestEffort,
			Restriction::Free,
			Fortitude::Force,
		)
		.unwrap_or_default();
		let slashed = reward.saturating_add(Self::slash_bond(&info, slash.saturating_sub(reward)));
		let _ = T::Currency::release(
			&HoldReason::ChallengeBond.into(),
			&challenge.challenger,
			challenge.bond,
			Precision::BestEffort,
		);
		let forfeit_weight =
			if already_denied { Weight::zero() } else { T::Settlement::forfeit(&device) };
		let previous = info.sanction.clone();
		let holder = Self::reduce_bond(&device, Holder::Registered(info), slashed);
		let sanction = Sanction {
			status: SanctionStatus::Denied,
			reason: challenge.reason,
			evidence: challenge.evidence,
			since: frame_system::Pallet::<T>::block_number(),
			appeal: previous.and_then(|previous| previous.appeal),
		};
		Self::set_sanction(&device, holder, Some(sanction));
		Self::deposit_event(Event::DeviceSanctioned {
			device,
			status: SanctionStatus::Denied,
			reason: challenge.reason,
			evidence: challenge.evidence,
			slashed,
		});
		Self::deposit_event(Event::ChallengeUpheld {
			device,
			challenger: challenge.challenger,
			reward,
		});
		Ok(Some(T::WeightInfo::uphold_challenge().saturating_add(forfeit_weight)).into())
	}

	pub(crate) fn do_reject_challenge(device: DeviceKey) -> DispatchResult {
		let challenge = Challenges::<T>::take(device).ok_or(Error::<T>::NoChallenge)?;
		let (credit, _missing) = T::Currency::slash(
			&HoldReason::ChallengeBond.into(),
			&challenge.challenger,
			challenge.bond,
		);
		T::Treasury::on_unbalanced(credit);
		Self::deposit_event(Event::ChallengeRejected {
			device,
			challenger: challenge.challenger,
			bond: challenge.bond,
		});
		Ok(())
	}

	/// Refuses to let `device` leave its owner's hands while a challenge or an appeal about
	/// it is pending.
	pub(crate) fn ensure_uncontested(device: &DeviceKey, info: &DeviceInfoOf<T>) -> DispatchResult {
		ensure!(!Challenges::<T>::contains_key(device), Error::<T>::ChallengePending);
		ensure!(
			info.sanction.as_ref().is_none_or(|sanction| sanction.appeal.is_none()),
			Error::<T>::AppealPending
		);
		Ok(())
	}
}
