//! Derived counts (devices per H3 cell, per kind and status, per owner) and their invariants.

use crate::*;
use depin_primitives::{
	density::{self, CellDensity},
	geo::{self, H3Cell, DENSITY_LEVELS},
	DeviceKind, DeviceStatus,
};

impl<T: Config> Pallet<T> {
	/// The kind and the density cells (resolution 10 down to 4) a device is counted in: only
	/// active devices with a location count.
	fn counted_cells(info: &DeviceInfoOf<T>) -> Option<(DeviceKind, [H3Cell; DENSITY_LEVELS])> {
		if info.status() != DeviceStatus::Active {
			return None;
		}
		geo::density_cells(info.location?.cell).map(|cells| (info.kind, cells))
	}

	/// Updates [`DevicesInCell`] and [`DeviceTally`] for a device going from `before` to
	/// `after` (`None`: not registered). Writes only the entries that change: moving within a
	/// parent cell leaves that parent's count alone. At most 2 fine entries and 2 × 4 coarse
	/// cells change, and 2 × 4 dense rings of 7 cells each (`assert_location` is benchmarked
	/// so).
	pub(crate) fn update_counts(before: Option<&DeviceInfoOf<T>>, after: Option<&DeviceInfoOf<T>>) {
		let tally_key = |info: &DeviceInfoOf<T>| (info.kind, info.status());
		let (old_tally, new_tally) = (before.map(tally_key), after.map(tally_key));
		if old_tally != new_tally {
			if let Some((kind, status)) = old_tally {
				DeviceTally::<T>::mutate_exists(kind, status, decrement);
			}
			if let Some((kind, status)) = new_tally {
				DeviceTally::<T>::mutate(kind, status, |count| *count = count.saturating_add(1));
			}
		}

		let old_cells = before.and_then(Self::counted_cells);
		let new_cells = after.and_then(Self::counted_cells);
		for level in 0..DENSITY_LEVELS {
			let old = old_cells.map(|(kind, cells)| (kind, cells[level]));
			let new = new_cells.map(|(kind, cells)| (kind, cells[level]));
			if old == new {
				continue;
			}
			if let Some((kind, cell)) = old {
				Self::count_in_cell(kind, cell, |devices| devices.saturating_sub(1));
			}
			if let Some((kind, cell)) = new {
				Self::count_in_cell(kind, cell, |devices| devices.saturating_add(1));
			}
		}
	}

	/// Active located devices of `kind` in `cell` (resolution 10 down to 4), and its dense ring.
	pub fn density_of(kind: DeviceKind, cell: H3Cell) -> CellDensity {
		match FineCellCounts::position(cell) {
			Some((group, position)) => CellDensity {
				devices: DevicesInFineCells::<T>::get(kind, group)
					.map_or(0, |counts| counts.devices_at(position)),
				dense_ring: 0,
			},
			None => DevicesInCell::<T>::get(kind, cell),
		}
	}

	/// Changes the device count of `kind` in `cell`; when the cell becomes or stops being
	/// dense, counts it in or out of the dense ring of every cell of its 1-ring. Resolutions 8
	/// to 10 have no dense rings (HIP 17 does not count their neighbours).
	fn count_in_cell(kind: DeviceKind, cell: H3Cell, change: impl FnOnce(u32) -> u32) {
		if let Some((group, position)) = FineCellCounts::position(cell) {
			DevicesInFineCells::<T>::mutate_exists(kind, group, |entry| {
				let mut counts = entry.take().unwrap_or_default();
				counts.change(position, change);
				*entry = (counts != FineCellCounts::default()).then_some(counts);
			});
			return;
		}
		let (before, after) = Self::update_cell(kind, cell, |density| {
			let before = density.devices;
			density.devices = change(before);
			(before, density.devices)
		});
		let (was_dense, is_dense) =
			(density::is_dense(cell, before), density::is_dense(cell, after));
		if was_dense == is_dense {
			return;
		}
		for neighbour in geo::neighbourhood(cell).unwrap_or_default() {
			Self::update_cell(kind, neighbour, |density| {
				density.dense_ring = if is_dense {
					density.dense_ring.saturating_add(1)
				} else {
					density.dense_ring.saturating_sub(1)
				}
			});
		}
	}

	/// Changes one cell's entry, removing it when nothing is counted.
	fn update_cell<R>(
		kind: DeviceKind,
		cell: H3Cell,
		change: impl FnOnce(&mut CellDensity) -> R,
	) -> R {
		DevicesInCell::<T>::mutate_exists(kind, cell, |entry| {
			let mut density = entry.unwrap_or_default();
			let result = change(&mut density);
			*entry = (density != CellDensity::default()).then_some(density);
			result
		})
	}

	/// Checks every derived count against a full recount from [`Devices`], the owner index
	/// against the devices, every owner's held bond against its devices' bonds, the challenge
	/// bonds and appeal deposits against what is held, and that deny lists are sorted.
	#[cfg(any(test, feature = "try-runtime"))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		use alloc::collections::BTreeMap;
		use frame_support::{
			ensure,
			traits::{fungible::InspectHold, Get},
		};
		use sp_runtime::Saturating;

		let mut cells = BTreeMap::<(DeviceKind, H3Cell), u32>::new();
		let mut tally = BTreeMap::<(DeviceKind, DeviceStatus), u32>::new();
		let mut owners = BTreeMap::<T::AccountId, (u32, BalanceOf<T>)>::new();
		for (device, info) in Devices::<T>::iter() {
			let page = OwnedDevices::<T>::get(&info.owner, info.owner_slot / OWNER_PAGE_SIZE);
			ensure!(
				page.get((info.owner_slot % OWNER_PAGE_SIZE) as usize) == Some(&device),
				"a device is not in its slot of its owner's index"
			);
			ensure!(info.registrations >= 1, "a registered device has no registration");
			ensure!(
				!Departures::<T>::contains_key(device),
				"a registered device also has a departure record"
			);
			ensure!(
				!KeySanctions::<T>::contains_key(device),
				"a registered device's sanction is also kept by key"
			);
			if let Some(location) = info.location {
				ensure!(
					geo::validate_location(location.cell).is_ok(),
					"a device has an invalid location"
				);
			}
			if let Some((kind, device_cells)) = Self::counted_cells(&info) {
				for cell in device_cells {
					*cells.entry((kind, cell)).or_default() += 1;
				}
			}
			*tally.entry((info.kind, info.status())).or_default() += 1;
			let (count, bonds) = owners.entry(info.owner.clone()).or_default();
			*count += 1;
			bonds.saturating_accrue(info.bond);
		}

		let mut fine = BTreeMap::<(DeviceKind, H3Cell), FineCellCounts>::new();
		let mut densities = BTreeMap::<(DeviceKind, H3Cell), CellDensity>::new();
		for ((kind, cell), devices) in &cells {
			match FineCellCounts::position(*cell) {
				Some((group, position)) => {
					fine.entry((*kind, group)).or_default().change(position, |_| *devices)
				},
				None => densities.entry((*kind, *cell)).or_default().devices = *devices,
			}
		}
		for ((kind, cell), devices) in &cells {
			if density::is_dense(*cell, *devices) {
				for neighbour in geo::neighbourhood(*cell).unwrap_or_default() {
					densities.entry((*kind, neighbour)).or_default().dense_ring += 1;
				}
			}
		}
		let stored_cells: BTreeMap<_, _> = DevicesInCell::<T>::iter()
			.map(|(kind, cell, density)| ((kind, cell), density))
			.collect();
		ensure!(stored_cells == densities, "DevicesInCell differs from a recount");
		let stored_fine: BTreeMap<_, _> = DevicesInFineCells::<T>::iter()
			.map(|(kind, group, counts)| ((kind, group), counts))
			.collect();
		ensure!(stored_fine == fine, "DevicesInFineCells differs from a recount");
		let stored_tally: BTreeMap<_, _> =
			DeviceTally::<T>::iter().map(|(kind, status, count)| ((kind, status), count)).collect();
		ensure!(stored_tally == tally, "DeviceTally differs from a recount");

		for (_, denied) in DeniedWitnesses::<T>::iter() {
			ensure!(!denied.is_empty(), "an empty deny list is stored");
			ensure!(
				denied.windows(2).all(|pair| pair[0] < pair[1]),
				"a deny list is not strictly sorted"
			);
		}

		let mut indexed = BTreeMap::<T::AccountId, u32>::new();
		for (owner, page_index, page) in OwnedDevices::<T>::iter() {
			ensure!(!page.is_empty(), "an empty owner page is stored");
			for (at, device) in page.iter().enumerate() {
				let slot = page_index * OWNER_PAGE_SIZE + at as u32;
				ensure!(
					Devices::<T>::get(device)
						.is_some_and(|info| info.owner == owner && info.owner_slot == slot),
					"the owner index names a device the owner does not own in that slot"
				);
			}
			*indexed.entry(owner).or_default() += page.len() as u32;
		}
		let stored_owners: BTreeMap<_, _> = OwnerDeviceCount::<T>::iter().collect();
		let counted_owners: BTreeMap<_, _> =
			owners.iter().map(|(owner, (count, _))| (owner.clone(), *count)).collect();
		ensure!(stored_owners == counted_owners, "OwnerDeviceCount differs from a recount");
		ensure!(indexed == counted_owners, "the owner index differs from a recount");
		for (owner, (count, bonds)) in owners {
			ensure!(count <= T::MaxDevicesPerOwner::get(), "an owner has too many devices");
			ensure!(
				T::Currency::balance_on_hold(&HoldReason::DeviceBond.into(), &owner) == bonds,
				"an owner's held bond differs from its devices' bonds"
			);
		}

		let mut challenge_bonds = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for (device, challenge) in Challenges::<T>::iter() {
			ensure!(Devices::<T>::contains_key(device), "an unregistered device is challenged");
			challenge_bonds
				.entry(challenge.challenger)
				.or_default()
				.saturating_accrue(challenge.bond);
		}
		for (_, sanction) in KeySanctions::<T>::iter() {
			ensure!(sanction.appeal.is_none(), "an unregistered key's sanction is under appeal");
		}
		let mut deposits = BTreeMap::<T::AccountId, BalanceOf<T>>::new();
		for appeal in Devices::<T>::iter_values().filter_map(|info| info.sanction?.appeal) {
			deposits.entry(appeal.appellant).or_default().saturating_accrue(appeal.deposit);
		}
		for (reason, held) in
			[(HoldReason::ChallengeBond, challenge_bonds), (HoldReason::AppealDeposit, deposits)]
		{
			for (account, amount) in held {
				ensure!(
					T::Currency::balance_on_hold(&reason.into(), &account) == amount,
					"a held challenge bond or appeal deposit differs from what is recorded"
				);
			}
		}
		Ok(())
	}
}

/// Decrements a `mutate_exists` counter, removing it at zero.
pub(crate) fn decrement(count: &mut Option<u32>) {
	*count = count.and_then(|count| count.checked_sub(1)).filter(|count| *count > 0);
}
