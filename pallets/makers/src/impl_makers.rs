//! A maker's life: proposal with a bond, approval with terms, suspension, revocation,
//! reinstatement and slashing.

use crate::*;
use depin_primitives::maker::{KindSet, MakerId, MakerKey};
use frame_support::{
	ensure,
	pallet_prelude::*,
	traits::{
		fungible::{BalancedHold, MutateHold},
		tokens::Precision,
		Imbalance,
	},
};
use sp_runtime::Saturating;

impl<T: Config> Pallet<T> {
	/// The maker `maker`, if `account` manages it.
	pub(crate) fn managed_maker(
		account: &T::AccountId,
		maker: MakerId,
	) -> Result<MakerInfoOf<T>, Error<T>> {
		let info = Makers::<T>::get(maker).ok_or(Error::<T>::UnknownMaker)?;
		ensure!(info.account == *account, Error::<T>::NotMakerAccount);
		Ok(info)
	}

	pub(crate) fn do_propose_maker(
		account: T::AccountId,
		name: MakerName,
		bond: BalanceOf<T>,
	) -> DispatchResult {
		ensure!(bond >= T::MinBond::get(), Error::<T>::BondTooLow);
		T::Currency::hold(&HoldReason::MakerBond.into(), &account, bond)
			.map_err(|_| Error::<T>::InsufficientBalanceForBond)?;
		let maker = Self::insert_maker(account.clone(), name, MakerStatus::Proposed, bond);
		Self::deposit_event(Event::MakerProposed { maker, account, bond });
		Ok(())
	}

	/// Records a new maker whose `bond` is already held, under the next number.
	pub(crate) fn insert_maker(
		account: T::AccountId,
		name: MakerName,
		status: MakerStatus,
		bond: BalanceOf<T>,
	) -> MakerId {
		let maker = NextMakerId::<T>::mutate(|next| {
			let maker = *next;
			*next = next.saturating_add(1);
			maker
		});
		let info = MakerInfo {
			account,
			name,
			status,
			terms: MakerTerms::default(),
			certified: 0,
			bond,
			keys: Default::default(),
			recalled: Default::default(),
		};
		Makers::<T>::insert(maker, info);
		maker
	}

	/// Starts a genesis maker as proposal and approval would; panics (failing genesis) where
	/// they would return an error.
	pub(crate) fn insert_genesis_maker(genesis: &GenesisMaker<T::AccountId, BalanceOf<T>>) {
		let name = MakerName::try_from(genesis.name.as_bytes().to_vec())
			.unwrap_or_else(|_| panic!("genesis maker name {:?} is too long", genesis.name));
		T::Currency::hold(&HoldReason::MakerBond.into(), &genesis.account, genesis.bond)
			.unwrap_or_else(|_| panic!("genesis maker {:?} cannot afford its bond", genesis.name));
		let maker =
			Self::insert_maker(genesis.account.clone(), name, MakerStatus::Active, genesis.bond);
		Makers::<T>::mutate(maker, |info| {
			let info = info.as_mut().expect("inserted above");
			info.terms = MakerTerms {
				kinds: KindSet::of(&genesis.kinds),
				quota: genesis.quota,
				onboarding_fee: genesis.onboarding_fee,
			};
			for key in &genesis.keys {
				let key = MakerKey::try_from(key.as_slice())
					.unwrap_or_else(|error| panic!("genesis maker key {key:?}: {error:?}"));
				assert!(
					!info.keys.iter().any(|known| known.key == key),
					"genesis maker key {key:?} listed twice"
				);
				info.keys
					.try_push(MakerKeyInfo { key, status: KeyStatus::Active })
					.expect("genesis maker has too many keys");
			}
		});
	}

	pub(crate) fn do_withdraw_proposal(account: T::AccountId, maker: MakerId) -> DispatchResult {
		let info = Self::managed_maker(&account, maker)?;
		ensure!(info.status == MakerStatus::Proposed, Error::<T>::MakerNotProposed);
		// Best effort: nothing else touches this hold.
		T::Currency::release(
			&HoldReason::MakerBond.into(),
			&account,
			info.bond,
			Precision::BestEffort,
		)?;
		Makers::<T>::remove(maker);
		Self::deposit_event(Event::ProposalWithdrawn { maker });
		Ok(())
	}

	pub(crate) fn do_approve_maker(
		maker: MakerId,
		terms: MakerTerms<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(terms.kinds.is_valid(), Error::<T>::InvalidKinds);
		Makers::<T>::try_mutate(maker, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(info.status == MakerStatus::Proposed, Error::<T>::MakerNotProposed);
			info.status = MakerStatus::Active;
			info.terms = terms;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::MakerApproved { maker, terms });
		Ok(())
	}

	pub(crate) fn do_set_maker_terms(
		maker: MakerId,
		terms: MakerTerms<BalanceOf<T>>,
	) -> DispatchResult {
		ensure!(terms.kinds.is_valid(), Error::<T>::InvalidKinds);
		Makers::<T>::try_mutate(maker, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(info.status != MakerStatus::Proposed, Error::<T>::MakerStillProposed);
			info.terms = terms;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::MakerTermsChanged { maker, terms });
		Ok(())
	}

	pub(crate) fn do_set_maker_status(maker: MakerId, status: MakerStatus) -> DispatchResult {
		ensure!(status != MakerStatus::Proposed, Error::<T>::CannotSetProposed);
		Makers::<T>::try_mutate(maker, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(info.status != MakerStatus::Proposed, Error::<T>::MakerStillProposed);
			ensure!(info.status != status, Error::<T>::StatusUnchanged);
			info.status = status;
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(match status {
			MakerStatus::Active => Event::MakerReinstated { maker },
			MakerStatus::Suspended => Event::MakerSuspended { maker },
			MakerStatus::Revoked | MakerStatus::Proposed => Event::MakerRevoked { maker },
		});
		Ok(())
	}

	pub(crate) fn do_slash_maker(maker: MakerId, amount: BalanceOf<T>) -> DispatchResult {
		let slashed = Makers::<T>::try_mutate(maker, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownMaker)?;
			ensure!(amount <= info.bond, Error::<T>::SlashExceedsBond);
			let (credit, _) =
				T::Currency::slash(&HoldReason::MakerBond.into(), &info.account, amount);
			let slashed = credit.peek();
			info.bond = info.bond.saturating_sub(slashed);
			Self::to_treasury(credit);
			Ok::<_, Error<T>>(slashed)
		})?;
		Self::deposit_event(Event::MakerSlashed { maker, amount: slashed });
		Ok(())
	}
}
