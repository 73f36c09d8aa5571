//! The rules of a beacon and of its witnesses, the draw, and the crediting of a judged beacon:
//! shared by receipts and announced beacons.

use crate::{impl_regions::RegionLookups, *};
use alloc::vec::Vec;
use depin_primitives::{
	geo::{self, H3Cell},
	poc::{
		regions::{BandBreach, Region},
		rules::{
			hip15_units, rssi_receivable, scaled, signal_plausible, snr_receivable, too_close, Link,
		},
		selection::{pick, Pick},
	},
	work::{DeviceLocation, DeviceRegistry, DeviceView, ProvenWork, WorkCategory},
	DeviceKey, DeviceKind, DeviceStatus, EpochIndex,
};
use frame_support::pallet_prelude::*;
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::traits::{Saturating, UniqueSaturatedInto};

/// A beaconer that may beacon now, and what its checks read.
pub(crate) struct CheckedBeaconer<T: Config> {
	/// The beaconer.
	pub beaconer: DeviceView<T::AccountId>,
	/// Its location.
	pub location: DeviceLocation,
	/// Its region.
	pub region: Region,
	/// The hash of the beacon's entropy block.
	pub entropy_hash: T::Hash,
	/// How many region map keys its region lookup read.
	pub region_reads: u64,
}

/// A beacon as its witnesses are judged against it.
pub(crate) struct HeardBeacon {
	/// The beaconer.
	pub beaconer: DeviceKey,
	/// Its kind.
	pub kind: DeviceKind,
	/// Its location.
	pub location: DeviceLocation,
	/// Its region.
	pub region: Region,
	/// Carrier frequency in kHz.
	pub frequency_khz: u32,
	/// Transmit power in tenths of dBm.
	pub tx_power_dbm_x10: i16,
}

/// What a witness reports it received.
pub(crate) struct Reception {
	/// Received signal strength in tenths of dBm.
	pub rssi_dbm_x10: i16,
	/// Signal-to-noise ratio in tenths of dB.
	pub snr_db_x10: i16,
	/// Frequency received on, in kHz.
	pub frequency_khz: u32,
}

/// What crediting a judged beacon did.
pub(crate) struct Settlement {
	/// The epoch credited.
	pub epoch: EpochIndex,
	/// Beacon units credited to the beaconer.
	pub beacon_units: u64,
	/// Witness units credited to each selected witness.
	pub witness_units: u64,
	/// The beaconer's density scale, in parts per million.
	pub density_scale_ppm: u64,
	/// Database reads and writes of the credits.
	pub database_ops: (u64, u64),
}

impl<T: Config> Pallet<T> {
	pub(crate) fn current_block() -> u32 {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// The hash of a block the chain still keeps, `None` for the current block or later.
	pub(crate) fn kept_block_hash(block: u32) -> Option<T::Hash> {
		if block >= Self::current_block() {
			return None;
		}
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::from(block));
		(hash != T::Hash::default()).then_some(hash)
	}

	/// The hash of a beacon's entropy block, if it is recent enough.
	fn entropy_hash(entropy_block: u32) -> Result<T::Hash, Error<T>> {
		ensure!(entropy_block < Self::current_block(), Error::<T>::UnknownEntropy);
		ensure!(
			Self::current_block() - entropy_block <= Params::<T>::get().max_entropy_age,
			Error::<T>::StaleEntropy
		);
		Self::kept_block_hash(entropy_block).ok_or(Error::<T>::UnknownEntropy)
	}

	/// The rules a beaconer and its beacon's radio parameters must pass: a registered, active,
	/// certified, located radio device whose beacon slot is free, fresh entropy, and a beacon
	/// within the band plan of the beaconer's region.
	pub(crate) fn check_beaconer(
		key: &DeviceKey,
		entropy_block: u32,
		frequency_khz: u32,
		tx_power_dbm_x10: i16,
	) -> Result<CheckedBeaconer<T>, Error<T>> {
		let beaconer = T::Devices::device(key).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(beaconer.status == DeviceStatus::Active, Error::<T>::DeviceNotActive);
		Self::ensure_certified(&beaconer)?;
		ensure!(beaconer.kind.is_radio(), Error::<T>::NotARadioDevice);
		let location = beaconer.location.ok_or(Error::<T>::BeaconerNotLocated)?;
		let entropy_hash = Self::entropy_hash(entropy_block)?;
		if let Some(last) = LastBeacon::<T>::get(key) {
			let interval = Params::<T>::get().beacon_interval;
			ensure!(
				Self::current_block() >= last.saturating_add(interval),
				Error::<T>::BeaconTooSoon
			);
		}
		let mut regions = RegionLookups::<T>::new();
		let region = regions.region_of(location.cell).ok_or(Error::<T>::OutsideRegionPlan)?;
		let plan = BandPlans::<T>::get(region, beaconer.kind).ok_or(Error::<T>::NoBandPlan)?;
		plan.check_beacon(frequency_khz, tx_power_dbm_x10, location.gain_dbi_x10).map_err(
			|breach| match breach {
				BandBreach::NotAChannel => Error::<T>::FrequencyNotAChannel,
				BandBreach::AboveMaxEirp => Error::<T>::AboveMaxEirp,
			},
		)?;
		Ok(CheckedBeaconer {
			beaconer,
			location,
			region,
			entropy_hash,
			region_reads: regions.reads(),
		})
	}

	/// The rules a witness's reception of `beacon` must pass, in [`WitnessRejection`]'s order;
	/// `witness` is the registry's view of `key`, and `verify` checks the witness's signature.
	/// The witness's location if it passes.
	#[allow(clippy::too_many_arguments)]
	pub(crate) fn check_witness(
		beacon: &HeardBeacon,
		key: &DeviceKey,
		witness: Option<&DeviceView<T::AccountId>>,
		denied: &[DeviceKey],
		regions: &mut RegionLookups<T>,
		reception: &Reception,
		params: &PocParams,
		verify: impl FnOnce() -> bool,
	) -> Result<H3Cell, WitnessRejection> {
		use WitnessRejection::*;
		ensure!(*key != beacon.beaconer, SelfWitness);
		let witness = witness.ok_or(UnknownWitness)?;
		ensure!(witness.status != DeviceStatus::Denied, WitnessDenied);
		ensure!(denied.binary_search(key).is_err(), EdgeDenied);
		ensure!(witness.status == DeviceStatus::Active, WitnessNotActive);
		if let Some(revocation) = witness.revocation {
			return Err(WitnessRevoked(revocation));
		}
		ensure!(witness.kind == beacon.kind, KindMismatch);
		let location = witness.location.ok_or(WitnessNotLocated)?;
		ensure!(regions.region_of(location.cell) == Some(beacon.region), OutsideRegion);
		ensure!(rssi_receivable(reception.rssi_dbm_x10), RssiBelowSensitivity);
		ensure!(snr_receivable(reception.snr_db_x10), SnrOutOfRange);
		ensure!(verify(), BadSignature);
		ensure!(
			reception.frequency_khz.abs_diff(beacon.frequency_khz)
				<= params.frequency_tolerance_khz,
			FrequencyMismatch
		);
		let beaconer_cell = beacon.location.cell;
		ensure!(
			!too_close(beaconer_cell, location.cell, params.min_witness_grid_distance),
			TooClose
		);
		let distance_m = geo::distance_m(beaconer_cell, location.cell).unwrap_or(u32::MAX);
		ensure!(distance_m <= params.max_witness_distance_m, TooFar);
		let link = Link {
			tx_power_dbm_x10: beacon.tx_power_dbm_x10,
			beaconer_gain_dbi_x10: beacon.location.gain_dbi_x10,
			witness_gain_dbi_x10: location.gain_dbi_x10,
			distance_m,
			frequency_khz: beacon.frequency_khz,
		};
		ensure!(
			signal_plausible(reception.rssi_dbm_x10, &link, params.rssi_margin_db_x10),
			SignalTooStrong
		);
		Ok(location.cell)
	}

	/// Every witness's verdict: the invalid ones keep their reason, the valid ones (whose
	/// location `judged` holds) are drawn with `seed`. Nothing the witnesses reported takes part.
	pub(crate) fn draw_verdicts(
		judged: Vec<(DeviceKey, Result<H3Cell, WitnessRejection>)>,
		seed: &[u8; 32],
	) -> Vec<(DeviceKey, WitnessVerdict)> {
		let params = Params::<T>::get();
		let valid: Vec<(usize, DeviceKey, H3Cell)> = judged
			.iter()
			.enumerate()
			.filter_map(|(i, (key, judged))| judged.as_ref().ok().map(|cell| (i, *key, *cell)))
			.collect();
		let picks = pick(
			&valid,
			seed,
			|(_, key, _)| *key,
			|(_, _, a), (_, _, b)| too_close(*a, *b, params.min_witness_grid_distance),
			params.max_rewarded_witnesses as usize,
		);
		let mut verdicts: Vec<(DeviceKey, WitnessVerdict)> = judged
			.into_iter()
			.map(|(key, judged)| {
				// Valid ones are replaced by their pick below.
				(key, judged.map_or_else(WitnessVerdict::Invalid, |_| WitnessVerdict::Selected))
			})
			.collect();
		for ((i, _, _), picked) in valid.iter().zip(picks) {
			verdicts[*i].1 = match picked {
				Pick::Selected => WitnessVerdict::Selected,
				Pick::Unselected => WitnessVerdict::Unselected,
				Pick::Redundant => WitnessVerdict::Redundant,
			};
		}
		verdicts
	}

	/// Credits a judged beacon: HIP 15 units for its selected witnesses, scaled by the
	/// beaconer's density, and the epoch's counts of every verdict.
	pub(crate) fn settle_beacon(
		beaconer: &DeviceKey,
		kind: DeviceKind,
		location: DeviceLocation,
		verdicts: &[(DeviceKey, WitnessVerdict)],
	) -> Settlement {
		let count = |wanted: fn(&WitnessVerdict) -> bool| {
			verdicts.iter().filter(|(_, verdict)| wanted(verdict)).count() as u32
		};
		let selected = count(|v| *v == WitnessVerdict::Selected);
		let (beacon_units, witness_units) = hip15_units(selected);
		let scale = Self::density_scale_ppm(kind, location.cell);
		let (beacon_units, witness_units) =
			(scaled(beacon_units, scale), scaled(witness_units, scale));
		let epoch = CurrentEpoch::<T>::get();
		CurrentEpochActivity::<T>::mutate(|activity| {
			activity.units.add(WorkCategory::Beacon, beacon_units);
			activity
				.units
				.add(WorkCategory::Witness, witness_units.saturating_mul(u64::from(selected)));
			let proofs = &mut activity.proofs;
			proofs.receipts_accepted.saturating_inc();
			proofs.witnesses_selected.saturating_accrue(selected);
			proofs
				.witnesses_unselected
				.saturating_accrue(count(|v| *v == WitnessVerdict::Unselected));
			proofs
				.witnesses_redundant
				.saturating_accrue(count(|v| *v == WitnessVerdict::Redundant));
			proofs
				.witnesses_invalid
				.saturating_accrue(count(|v| matches!(v, WitnessVerdict::Invalid(_))));
		});
		let (mut reads, mut writes) = (0u64, 0u64);
		let mut credit = |device: &DeviceKey, category, units| {
			let (r, w) = T::Work::credit(epoch, device, category, units).database_ops();
			(reads, writes) = (reads + r, writes + w);
		};
		if beacon_units > 0 {
			credit(beaconer, WorkCategory::Beacon, beacon_units);
		}
		for (witness, _) in verdicts.iter().filter(|(_, v)| *v == WitnessVerdict::Selected) {
			credit(witness, WorkCategory::Witness, witness_units);
		}
		Settlement {
			epoch,
			beacon_units,
			witness_units,
			density_scale_ppm: scale,
			database_ops: (reads, writes),
		}
	}
}
