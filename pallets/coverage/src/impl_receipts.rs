//! Beacon receipts: the beacon's rules at authorization, the witnesses' rules at dispatch.

use crate::{impl_heartbeats::invalid, impl_regions::RegionLookups, *};
use alloc::{collections::BTreeSet, vec::Vec};
use depin_primitives::{
	device::KeyScheme,
	geo::{self, H3Cell},
	poc::{
		beacon_payload, receipt_message,
		regions::{BandBreach, Region, REGION_LOOKUP_DEPTH},
		rules::{
			hip15_units, rssi_receivable, scaled, signal_plausible, snr_receivable, too_close, Link,
		},
		selection::{draw_seed, pick, Pick},
		witness_message, BeaconReceipt, WitnessReport,
	},
	work::{CreditRecord, DeviceLocation, DeviceRegistry, DeviceView, ProvenWork, WorkCategory},
	DeviceKey, DeviceSignature, DeviceStatus,
};
use frame_support::{dispatch::DispatchResultWithPostInfo, pallet_prelude::*};
use frame_system::{pallet_prelude::BlockNumberFor, RawOrigin};
use sp_runtime::{traits::UniqueSaturatedInto, Saturating};

/// A beacon that passed the checks of [`Pallet::check_receipt`].
pub(crate) struct CheckedBeacon<AccountId> {
	/// The beaconer.
	beaconer: DeviceView<AccountId>,
	/// Its location.
	location: DeviceLocation,
	/// How many region map keys its region lookup read.
	region_reads: u64,
}

/// The witnesses' verdicts, and what judging them did not need of the receipt's weight.
struct Judgement {
	/// Every report's witness and verdict, in receipt order.
	verdicts: Vec<(DeviceKey, WitnessVerdict)>,
	/// How many witnesses' certification checks read a maker record (or the open kinds) the
	/// receipt had read already: weighed as distinct reads, they cost nothing more.
	repeated_reads: u64,
	/// How many P-256 witnesses were rejected before their signature was checked.
	unverified_p256: u32,
}

impl<T: Config> Pallet<T> {
	/// The dispatch weight of `receipt`: linear in its witnesses, P-256 ones (verified in the
	/// runtime) costing more, the beaconer's credit once it has a witness (a one-off cost the
	/// benchmark's line spreads over the witnesses, under-weighing receipts with few), and the
	/// region lookups of the beaconer and every witness.
	pub(crate) fn receipt_weight(receipt: &BeaconReceipt) -> Weight {
		let p256 = receipt
			.witnesses
			.iter()
			.filter(|report| report.witness.scheme() == KeyScheme::P256)
			.count() as u32;
		let ed25519 = receipt.witnesses.len() as u32 - p256;
		T::WeightInfo::submit_receipt_ed25519(ed25519)
			.saturating_add(T::WeightInfo::submit_receipt_p256(p256))
			.saturating_sub(T::WeightInfo::submit_receipt_p256(0))
			.saturating_add(Self::region_lookups_weight(ed25519 + p256 + 1))
			.saturating_add(if receipt.witnesses.is_empty() {
				Weight::zero()
			} else {
				let (reads, writes) = CreditRecord::Opened.database_ops();
				T::DbWeight::get().reads_writes(reads, writes)
			})
	}

	/// The weight of authorizing `receipt`: the beaconer's checks and signature over the
	/// whole receipt, its region lookup and its band plan's read.
	pub(crate) fn receipt_check_weight(receipt: &BeaconReceipt) -> Weight {
		let witnesses = receipt.witnesses.len() as u32;
		match receipt.beaconer.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::authorize_receipt_ed25519(witnesses),
			KeyScheme::P256 => T::WeightInfo::authorize_receipt_p256(witnesses),
		}
		.saturating_add(Self::region_lookups_weight(1))
		.saturating_add(T::DbWeight::get().reads(1))
	}

	/// The message the beaconer signs (`docs/proof-of-coverage.md`).
	pub fn receipt_message_for(receipt: &BeaconReceipt) -> Vec<u8> {
		receipt_message(Self::genesis_hash().as_ref(), receipt)
	}

	/// The message a witness signs (`docs/proof-of-coverage.md`).
	pub fn witness_message_for(receipt: &BeaconReceipt, report: &WitnessReport) -> Vec<u8> {
		witness_message(
			Self::genesis_hash().as_ref(),
			&receipt.beaconer,
			&receipt.beacon,
			&report.witness,
			&report.measurements,
		)
	}

	fn current_block() -> u32 {
		frame_system::Pallet::<T>::block_number().unique_saturated_into()
	}

	/// The hash of the beacon's entropy block, if it is recent enough.
	fn entropy_hash(entropy_block: u32) -> Result<T::Hash, Error<T>> {
		let now = Self::current_block();
		ensure!(entropy_block < now, Error::<T>::UnknownEntropy);
		ensure!(
			now - entropy_block <= Params::<T>::get().max_entropy_age,
			Error::<T>::StaleEntropy
		);
		let hash = frame_system::Pallet::<T>::block_hash(BlockNumberFor::<T>::from(entropy_block));
		ensure!(hash != T::Hash::default(), Error::<T>::UnknownEntropy);
		Ok(hash)
	}

	/// The rules a receipt must pass to enter a block: the beaconer is a registered, active,
	/// located radio device, the entropy is fresh, its beacon slot is free, the payload is the
	/// derived one, the beacon keeps to the band plan of the beaconer's region, and the
	/// beaconer signed the receipt.
	pub(crate) fn check_receipt(
		receipt: &BeaconReceipt,
		signature: &DeviceSignature,
	) -> Result<CheckedBeacon<T::AccountId>, Error<T>> {
		let beaconer = T::Devices::device(&receipt.beaconer).ok_or(Error::<T>::UnknownDevice)?;
		ensure!(beaconer.status == DeviceStatus::Active, Error::<T>::DeviceNotActive);
		Self::ensure_certified(&beaconer)?;
		ensure!(beaconer.kind.is_radio(), Error::<T>::NotARadioDevice);
		let location = beaconer.location.ok_or(Error::<T>::BeaconerNotLocated)?;
		let entropy_hash = Self::entropy_hash(receipt.beacon.entropy_block)?;
		if let Some(last) = LastBeacon::<T>::get(receipt.beaconer) {
			let interval = Params::<T>::get().beacon_interval;
			ensure!(
				Self::current_block() >= last.saturating_add(interval),
				Error::<T>::BeaconTooSoon
			);
		}
		let beacon = &receipt.beacon;
		ensure!(
			beacon.payload
				== beacon_payload(entropy_hash.as_ref(), &receipt.beaconer, &beacon.local_entropy),
			Error::<T>::PayloadMismatch
		);
		let mut regions = RegionLookups::<T>::new();
		let region = regions.region_of(location.cell).ok_or(Error::<T>::OutsideRegionPlan)?;
		let plan = BandPlans::<T>::get(region, beaconer.kind).ok_or(Error::<T>::NoBandPlan)?;
		plan.check_beacon(beacon.frequency_khz, beacon.tx_power_dbm_x10, location.gain_dbi_x10)
			.map_err(|breach| match breach {
				BandBreach::NotAChannel => Error::<T>::FrequencyNotAChannel,
				BandBreach::AboveMaxEirp => Error::<T>::AboveMaxEirp,
			})?;
		let message = Self::receipt_message_for(receipt);
		ensure!(receipt.beaconer.verify(signature, &message), Error::<T>::BadSignature);
		Ok(CheckedBeacon { beaconer, location, region_reads: regions.reads() })
	}

	/// Transaction-pool and block validation of a receipt submitted without a signed origin.
	pub(crate) fn authorize_receipt(
		_source: TransactionSource,
		receipt: &BeaconReceipt,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		let region_reads = Self::check_receipt(receipt, signature).map_err(invalid)?.region_reads;
		// Valid while its entropy is fresh; one beacon per device in the pool.
		let expires =
			receipt.beacon.entropy_block.saturating_add(Params::<T>::get().max_entropy_age);
		let validity = ValidTransaction::with_tag_prefix("DepinBeacon")
			.and_provides(receipt.beaconer)
			.longevity(u64::from(expires.saturating_sub(Self::current_block()).max(1)))
			.build()?;
		let unread =
			Self::region_lookups_weight(1).saturating_sub(T::DbWeight::get().reads(region_reads));
		Ok((validity, unread))
	}

	pub(crate) fn do_submit_receipt(
		origin: T::RuntimeOrigin,
		receipt: BeaconReceipt,
		signature: DeviceSignature,
	) -> DispatchResultWithPostInfo {
		let (beaconer, location, authorized) = match origin.into() {
			// `authorize_receipt` checked the beacon in this very block state.
			Ok(RawOrigin::Authorized) => {
				let beaconer =
					T::Devices::device(&receipt.beaconer).ok_or(Error::<T>::UnknownDevice)?;
				let location = beaconer.location.ok_or(Error::<T>::BeaconerNotLocated)?;
				(beaconer, location, true)
			},
			Ok(RawOrigin::Signed(who)) => {
				let CheckedBeacon { beaconer, location, .. } =
					Self::check_receipt(&receipt, &signature)?;
				ensure!(beaconer.owner == who, Error::<T>::NotOwner);
				(beaconer, location, false)
			},
			_ => return Err(DispatchError::BadOrigin.into()),
		};
		let actual = Self::receipt_weight(&receipt).saturating_add(if authorized {
			Weight::zero()
		} else {
			Self::receipt_check_weight(&receipt)
		});

		LastBeacon::<T>::insert(receipt.beaconer, Self::current_block());
		let mut regions = RegionLookups::<T>::new();
		let region = regions.region_of(location.cell).ok_or(Error::<T>::OutsideRegionPlan)?;
		let seed =
			draw_seed(frame_system::Pallet::<T>::parent_hash().as_ref(), &receipt.beacon.payload);
		let Judgement { verdicts, repeated_reads, unverified_p256 } =
			Self::judge_witnesses(&receipt, &beaconer, location, region, &mut regions, seed);
		let selected: Vec<&DeviceKey> = verdicts
			.iter()
			.filter(|(_, verdict)| *verdict == WitnessVerdict::Selected)
			.map(|(witness, _)| witness)
			.collect();
		let (beacon_units, witness_units) = hip15_units(selected.len() as u32);
		let scale = Self::density_scale_ppm(beaconer.kind, location.cell);
		let (beacon_units, witness_units) =
			(scaled(beacon_units, scale), scaled(witness_units, scale));

		let epoch = CurrentEpoch::<T>::get();
		let count = |wanted: fn(&WitnessVerdict) -> bool| {
			verdicts.iter().filter(|(_, verdict)| wanted(verdict)).count() as u32
		};
		let (unselected, redundant, invalid) = (
			count(|v| *v == WitnessVerdict::Unselected),
			count(|v| *v == WitnessVerdict::Redundant),
			count(|v| matches!(v, WitnessVerdict::Invalid(_))),
		);
		CurrentEpochActivity::<T>::mutate(|activity| {
			activity.units.add(WorkCategory::Beacon, beacon_units);
			activity
				.units
				.add(WorkCategory::Witness, witness_units.saturating_mul(selected.len() as u64));
			let proofs = &mut activity.proofs;
			proofs.receipts_accepted.saturating_inc();
			proofs.witnesses_selected.saturating_accrue(selected.len() as u32);
			proofs.witnesses_unselected.saturating_accrue(unselected);
			proofs.witnesses_redundant.saturating_accrue(redundant);
			proofs.witnesses_invalid.saturating_accrue(invalid);
		});
		let (mut reads, mut writes) = (0u64, 0u64);
		let mut credit = |device: &DeviceKey, category, units| {
			let (r, w) = T::Work::credit(epoch, device, category, units).database_ops();
			(reads, writes) = (reads + r, writes + w);
		};
		if beacon_units > 0 {
			credit(&receipt.beaconer, WorkCategory::Beacon, beacon_units);
		}
		for witness in &selected {
			credit(witness, WorkCategory::Witness, witness_units);
		}
		// Weighed with the beaconer and every witness selected, each credit opening a record.
		let weighed = match receipt.witnesses.len() as u64 {
			0 => 0,
			witnesses => witnesses + 1,
		};
		let (r, w) = CreditRecord::Opened.database_ops();
		let regions_unread = ((receipt.witnesses.len() as u64 + 1) * REGION_LOOKUP_DEPTH as u64)
			.saturating_sub(regions.reads());
		let unused = T::DbWeight::get().reads_writes(
			(weighed * r)
				.saturating_sub(reads)
				.saturating_add(repeated_reads)
				.saturating_add(regions_unread),
			(weighed * w).saturating_sub(writes),
		);
		let witnesses = BoundedVec::truncate_from(verdicts);
		Self::deposit_event(Event::ReceiptAccepted {
			beaconer: receipt.beaconer,
			epoch,
			beacon_units,
			witness_units,
			density_scale_ppm: scale,
			draw_seed: seed,
			witnesses,
		});
		// A P-256 witness rejected before its signature was checked did no more than an
		// Ed25519 one.
		let unverified = Self::p256_premium(unverified_p256);
		Ok(Some(actual.saturating_sub(unused).saturating_sub(unverified)).into())
	}

	/// How much more `witnesses` P-256 witnesses weigh in a receipt than Ed25519 ones: the
	/// signature verification the runtime does for them.
	fn p256_premium(witnesses: u32) -> Weight {
		let p256 = T::WeightInfo::submit_receipt_p256(witnesses)
			.saturating_sub(T::WeightInfo::submit_receipt_p256(0));
		let ed25519 = T::WeightInfo::submit_receipt_ed25519(witnesses)
			.saturating_sub(T::WeightInfo::submit_receipt_ed25519(0));
		p256.saturating_sub(ed25519)
	}

	/// Every witness report's verdict, with what the judging did not need of its weight.
	fn judge_witnesses(
		receipt: &BeaconReceipt,
		beaconer: &DeviceView<T::AccountId>,
		beaconer_location: DeviceLocation,
		beaconer_region: Region,
		regions: &mut RegionLookups<T>,
		seed: [u8; 32],
	) -> Judgement {
		let params = Params::<T>::get();
		let denied = T::Devices::denied_witnesses(&receipt.beaconer);
		let mut seen = BTreeSet::new();
		let mut makers_read = BTreeSet::from([beaconer.maker]);
		let mut repeated_reads = 0u64;
		let mut unverified_p256 = receipt
			.witnesses
			.iter()
			.filter(|report| report.witness.scheme() == KeyScheme::P256)
			.count() as u32;
		// Every rule but the draw: none needs another report.
		let judged: Vec<Result<H3Cell, WitnessRejection>> = receipt
			.witnesses
			.iter()
			.map(|report| {
				use WitnessRejection::*;
				ensure!(seen.insert(report.witness), Duplicate);
				ensure!(report.witness != receipt.beaconer, SelfWitness);
				let witness = T::Devices::device(&report.witness).ok_or(UnknownWitness)?;
				if !makers_read.insert(witness.maker) {
					repeated_reads += 1;
				}
				ensure!(witness.status != DeviceStatus::Denied, WitnessDenied);
				ensure!(denied.binary_search(&report.witness).is_err(), EdgeDenied);
				ensure!(witness.status == DeviceStatus::Active, WitnessNotActive);
				if let Some(revocation) = witness.revocation {
					return Err(WitnessRevoked(revocation));
				}
				ensure!(witness.kind == beaconer.kind, KindMismatch);
				let location = witness.location.ok_or(WitnessNotLocated)?;
				ensure!(regions.region_of(location.cell) == Some(beaconer_region), OutsideRegion);
				let measured = report.measurements;
				ensure!(rssi_receivable(measured.rssi_dbm_x10), RssiBelowSensitivity);
				ensure!(snr_receivable(measured.snr_db_x10), SnrOutOfRange);
				let message = Self::witness_message_for(receipt, report);
				if report.witness.scheme() == KeyScheme::P256 {
					unverified_p256 -= 1;
				}
				ensure!(report.witness.verify(&report.signature, &message), BadSignature);
				ensure!(
					measured.frequency_khz.abs_diff(receipt.beacon.frequency_khz)
						<= params.frequency_tolerance_khz,
					FrequencyMismatch
				);
				ensure!(measured.arrival_us <= params.max_lateness_us, TooLate);
				let distance_m =
					geo::distance_m(beaconer_location.cell, location.cell).unwrap_or(u32::MAX);
				ensure!(
					!too_close(
						beaconer_location.cell,
						location.cell,
						params.min_witness_grid_distance
					),
					TooClose
				);
				ensure!(distance_m <= params.max_witness_distance_m, TooFar);
				let link = Link {
					tx_power_dbm_x10: receipt.beacon.tx_power_dbm_x10,
					beaconer_gain_dbi_x10: beaconer_location.gain_dbi_x10,
					witness_gain_dbi_x10: location.gain_dbi_x10,
					distance_m,
					frequency_khz: receipt.beacon.frequency_khz,
				};
				ensure!(
					signal_plausible(measured.rssi_dbm_x10, &link, params.rssi_margin_db_x10),
					SignalTooStrong
				);
				Ok(location.cell)
			})
			.collect();

		// The draw among the valid witnesses; nothing they reported takes part.
		let valid: Vec<(usize, H3Cell)> = judged
			.iter()
			.enumerate()
			.filter_map(|(i, judged)| judged.as_ref().ok().map(|cell| (i, *cell)))
			.collect();
		let picks = pick(
			&valid,
			&seed,
			|(i, _)| receipt.witnesses[*i].witness,
			|(_, a), (_, b)| too_close(*a, *b, params.min_witness_grid_distance),
			params.max_rewarded_witnesses as usize,
		);
		let mut verdicts: Vec<(DeviceKey, WitnessVerdict)> = receipt
			.witnesses
			.iter()
			.zip(judged)
			.map(|(report, judged)| {
				// Valid ones are replaced by their pick below.
				let verdict =
					judged.map_or_else(WitnessVerdict::Invalid, |_| WitnessVerdict::Selected);
				(report.witness, verdict)
			})
			.collect();
		for ((i, _), picked) in valid.iter().zip(picks) {
			verdicts[*i].1 = match picked {
				Pick::Selected => WitnessVerdict::Selected,
				Pick::Unselected => WitnessVerdict::Unselected,
				Pick::Redundant => WitnessVerdict::Redundant,
			};
		}
		Judgement { verdicts, repeated_reads, unverified_p256 }
	}

	pub(crate) fn do_set_poc_params(params: PocParams) -> DispatchResult {
		Self::ensure_valid_poc_params(&params)?;
		Params::<T>::put(params);
		Self::deposit_event(Event::PocParamsChanged { params });
		Ok(())
	}

	pub(crate) fn ensure_valid_poc_params(params: &PocParams) -> DispatchResult {
		ensure!(
			(1..=depin_primitives::poc::MAX_WITNESSES_PER_RECEIPT)
				.contains(&params.max_rewarded_witnesses),
			Error::<T>::RewardedWitnessesOutOfRange
		);
		let hashes_kept: u32 =
			<T as frame_system::Config>::BlockHashCount::get().unique_saturated_into();
		ensure!(
			(1..hashes_kept).contains(&params.max_entropy_age),
			Error::<T>::EntropyAgeOutOfRange
		);
		ensure!(
			params.beacon_interval > params.max_entropy_age,
			Error::<T>::BeaconIntervalWithinEntropyAge
		);
		Ok(())
	}
}
