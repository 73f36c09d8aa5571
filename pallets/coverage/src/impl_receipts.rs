//! Beacon receipts: the beacon's rules at authorization, the witnesses' rules at dispatch.

use crate::{
	impl_beacon_rules::{CheckedBeaconer, HeardBeacon, Reception, Settlement},
	impl_heartbeats::invalid,
	impl_regions::RegionLookups,
	*,
};
use alloc::{collections::BTreeSet, vec::Vec};
use depin_primitives::{
	device::KeyScheme,
	poc::{
		beacon_payload, receipt_message, regions::REGION_LOOKUP_DEPTH, selection::draw_seed,
		witness_message, BeaconReceipt, WitnessReport,
	},
	work::{CreditRecord, DeviceRegistry, DeviceView},
	DeviceKey, DeviceSignature,
};
use frame_support::{dispatch::DispatchResultWithPostInfo, pallet_prelude::*};
use frame_system::RawOrigin;
use sp_runtime::traits::UniqueSaturatedInto;

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

	/// The rules a receipt must pass to enter a block: the beaconer is a registered, active,
	/// located radio device, the entropy is fresh, its beacon slot is free, the payload is the
	/// derived one, the beacon keeps to the band plan of the beaconer's region, and the
	/// beaconer signed the receipt.
	pub(crate) fn check_receipt(
		receipt: &BeaconReceipt,
		signature: &DeviceSignature,
	) -> Result<CheckedBeaconer<T>, Error<T>> {
		let beacon = &receipt.beacon;
		let checked = Self::check_beaconer(
			&receipt.beaconer,
			beacon.entropy_block,
			beacon.frequency_khz,
			beacon.tx_power_dbm_x10,
		)?;
		ensure!(
			beacon.payload
				== beacon_payload(
					checked.entropy_hash.as_ref(),
					&receipt.beaconer,
					&beacon.local_entropy
				),
			Error::<T>::PayloadMismatch
		);
		let message = Self::receipt_message_for(receipt);
		ensure!(receipt.beaconer.verify(signature, &message), Error::<T>::BadSignature);
		Ok(checked)
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
				let CheckedBeaconer { beaconer, location, .. } =
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
		let heard = HeardBeacon {
			beaconer: receipt.beaconer,
			kind: beaconer.kind,
			location,
			region,
			frequency_khz: receipt.beacon.frequency_khz,
			tx_power_dbm_x10: receipt.beacon.tx_power_dbm_x10,
		};
		let Judgement { verdicts, repeated_reads, unverified_p256 } =
			Self::judge_witnesses(&receipt, &beaconer, &heard, &mut regions, seed);
		let Settlement { epoch, beacon_units, witness_units, density_scale_ppm, database_ops } =
			Self::settle_beacon(&receipt.beaconer, beaconer.kind, location, &verdicts);
		let (reads, writes) = database_ops;
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
			density_scale_ppm,
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
		heard: &HeardBeacon,
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
		let judged = receipt
			.witnesses
			.iter()
			.map(|report| {
				let judged = if seen.insert(report.witness) {
					let witness = T::Devices::device(&report.witness);
					if let Some(witness) = &witness {
						if !makers_read.insert(witness.maker) {
							repeated_reads += 1;
						}
					}
					let measured = report.measurements;
					let reception = Reception {
						rssi_dbm_x10: measured.rssi_dbm_x10,
						snr_db_x10: measured.snr_db_x10,
						frequency_khz: measured.frequency_khz,
					};
					let verify = || {
						if report.witness.scheme() == KeyScheme::P256 {
							unverified_p256 -= 1;
						}
						let message = Self::witness_message_for(receipt, report);
						report.witness.verify(&report.signature, &message)
					};
					Self::check_witness(
						heard,
						&report.witness,
						witness.as_ref(),
						&denied,
						regions,
						&reception,
						&params,
						verify,
					)
					.and_then(|cell| {
						ensure!(
							measured.arrival_us <= params.max_lateness_us,
							WitnessRejection::TooLate
						);
						Ok(cell)
					})
				} else {
					Err(WitnessRejection::Duplicate)
				};
				(report.witness, judged)
			})
			.collect();
		Judgement { verdicts: Self::draw_verdicts(judged, &seed), repeated_reads, unverified_p256 }
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
		// An announced beacon's entropy hash is read at its reveal.
		let windows = params.report_window.saturating_add(params.reveal_window);
		ensure!(
			params.report_window >= 1
				&& params.reveal_window >= 1
				&& params.max_entropy_age.saturating_add(windows) < hashes_kept,
			Error::<T>::WindowOutOfRange
		);
		ensure!(params.beacon_interval > windows, Error::<T>::BeaconIntervalWithinWindows);
		Ok(())
	}
}
