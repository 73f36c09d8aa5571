//! The pallet's accounts: the pot that holds minted rewards until they are claimed, and the
//! treasury.

use crate::*;
use frame_support::traits::{
	fungible::{Inspect, Mutate},
	tokens::Preservation,
	Get,
};
use sp_runtime::traits::{AccountIdConversion, Zero};

impl<T: Config> Pallet<T> {
	/// The account holding minted but unclaimed device rewards.
	pub fn pot() -> T::AccountId {
		T::PalletId::get().into_account_truncating()
	}

	/// The treasury account.
	pub fn treasury() -> T::AccountId {
		T::TreasuryAccount::get()
	}

	/// Mints `amount` to `who` and returns what it received: nothing if `who` would not reach
	/// the existential deposit.
	pub(crate) fn try_mint(who: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		if amount.is_zero() {
			return amount;
		}
		T::Currency::mint_into(who, amount).unwrap_or_default()
	}

	/// Pays `amount` out of the pot; returns what was paid.
	pub(crate) fn pay_from_pot(to: &T::AccountId, amount: BalanceOf<T>) -> BalanceOf<T> {
		T::Currency::transfer(&Self::pot(), to, amount, Preservation::Preserve).unwrap_or_default()
	}

	/// Makes the pot and the treasury exist, so that any amount can reach them and the pot can
	/// pay out to its last unit.
	pub(crate) fn create_accounts() {
		for account in [Self::pot(), Self::treasury()] {
			if T::Currency::balance(&account).is_zero() {
				let _ = T::Currency::mint_into(&account, T::Currency::minimum_balance());
			}
		}
	}
}
