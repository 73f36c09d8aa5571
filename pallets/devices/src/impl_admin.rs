//! What `AdminOrigin` changes besides sanctions: the edge deny list and the parameters.

use crate::*;
use depin_primitives::DeviceKey;
use frame_support::{ensure, pallet_prelude::*};

impl<T: Config> Pallet<T> {
	pub(crate) fn do_deny_edge(beaconer: DeviceKey, witness: DeviceKey) -> DispatchResult {
		ensure!(beaconer != witness, Error::<T>::SelfEdge);
		DeniedWitnesses::<T>::try_mutate(beaconer, |denied| {
			let at = denied.binary_search(&witness).err().ok_or(Error::<T>::EdgeAlreadyDenied)?;
			denied.try_insert(at, witness).map_err(|_| Error::<T>::TooManyDeniedWitnesses)
		})?;
		Self::deposit_event(Event::EdgeDenied { beaconer, witness });
		Ok(())
	}

	pub(crate) fn do_allow_edge(beaconer: DeviceKey, witness: DeviceKey) -> DispatchResult {
		DeniedWitnesses::<T>::try_mutate_exists(beaconer, |entry| {
			let denied = entry.as_mut().ok_or(Error::<T>::EdgeNotDenied)?;
			let at = denied.binary_search(&witness).map_err(|_| Error::<T>::EdgeNotDenied)?;
			denied.remove(at);
			if denied.is_empty() {
				*entry = None;
			}
			Ok::<_, Error<T>>(())
		})?;
		Self::deposit_event(Event::EdgeAllowed { beaconer, witness });
		Ok(())
	}

	pub(crate) fn do_set_params(params: DeviceParams<BalanceOf<T>>) -> DispatchResult {
		Self::ensure_valid_params(&params)?;
		Params::<T>::put(params);
		Self::deposit_event(Event::ParamsChanged { params });
		Ok(())
	}

	pub(crate) fn ensure_valid_params(params: &DeviceParams<BalanceOf<T>>) -> DispatchResult {
		ensure!(params.max_location_changes_per_epoch >= 1, Error::<T>::ZeroLocationChanges);
		Ok(())
	}
}
