//! Announced beacons: the beaconer announces a sealed beacon, witnesses report it for
//! themselves within the report window, the beaconer reveals it, and the chain checks every
//! commitment against the revealed payload and draws the rewarded witnesses.

use crate::{
	impl_beacon_rules::{CheckedBeaconer, HeardBeacon, Reception, Settlement},
	impl_heartbeats::invalid,
	impl_regions::RegionLookups,
	*,
};
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};
use depin_primitives::{
	device::KeyScheme,
	maker::Revocation,
	poc::{
		announce_message, beacon_payload, payload_seal, reception_commitment, report_message,
		selection::draw_seed, BeaconAnnouncement, MaxReportsPerBatch, Report, SignedReport,
		MAX_REPORTS_PER_BEACON, MAX_WITNESSES_PER_RECEIPT,
	},
	work::{CreditRecord, DeviceRegistry},
	DeviceKey, DeviceSignature,
};
use frame_support::{dispatch::DispatchResultWithPostInfo, pallet_prelude::*};
use frame_system::RawOrigin;
use sp_runtime::Saturating;

// Pool priorities of the flow's steps. Under load the pool finishes the beacons the chain
// holds before it opens new ones: a reveal settles reports already stored (all of them are lost
// if it misses its window), a report perishes with its beacon's report window, and an
// announcement can wait for any block its entropy allows. Small numbers, so that fee-paying
// transactions (pallet-transaction-payment: tip plus one, times how many fit a block) keep
// coming first.
/// The pool priority of an announcement, the step that can wait.
const ANNOUNCEMENT_PRIORITY: TransactionPriority = 1;
/// The pool priority of a batch of reports, which perish with their report window.
const REPORTS_PRIORITY: TransactionPriority = 2;
/// The pool priority of a reveal, which settles the reports already stored.
const REVEAL_PRIORITY: TransactionPriority = 3;

/// A beacon that may be revealed now.
struct CheckedReveal {
	open: OpenBeacon,
	payload: [u8; 32],
	/// The last block of its report window.
	window_end: u32,
}

impl<T: Config> Pallet<T> {
	/// The message a beaconer signs to announce a beacon (`docs/proof-of-coverage.md`).
	pub fn announce_message_for(announcement: &BeaconAnnouncement) -> Vec<u8> {
		announce_message(Self::genesis_hash().as_ref(), announcement)
	}

	/// The message a witness signs to report a beacon (`docs/proof-of-coverage.md`).
	pub fn report_message_for(report: &Report) -> Vec<u8> {
		report_message(Self::genesis_hash().as_ref(), report)
	}

	/// The weight of authorizing an announcement: the beaconer's checks and signature, its
	/// region lookup and its band plan's read.
	pub(crate) fn announcement_check_weight(announcement: &BeaconAnnouncement) -> Weight {
		match announcement.beaconer.scheme() {
			KeyScheme::Ed25519 => T::WeightInfo::authorize_announcement_ed25519(),
			KeyScheme::P256 => T::WeightInfo::authorize_announcement_p256(),
		}
		.saturating_add(Self::region_lookups_weight(1))
		.saturating_add(T::DbWeight::get().reads(1))
	}

	/// The dispatch weight of an announcement, whose beaconer's previous beacon, unrevealed,
	/// may have left up to `MAX_REPORTS_PER_BEACON` reports to remove.
	pub(crate) fn announcement_weight() -> Weight {
		T::WeightInfo::announce_beacon(MAX_REPORTS_PER_BEACON)
			.saturating_add(Self::region_lookups_weight(1))
	}

	/// The weight of authorizing `reports`: each report's checks and signature (P-256 ones
	/// verified in the runtime) and its witness's region lookup.
	pub(crate) fn reports_check_weight(reports: &[SignedReport]) -> Weight {
		let p256 = reports
			.iter()
			.filter(|signed| signed.report.witness.scheme() == KeyScheme::P256)
			.count() as u32;
		let ed25519 = reports.len() as u32 - p256;
		T::WeightInfo::authorize_reports_ed25519(ed25519)
			.saturating_add(T::WeightInfo::authorize_reports_p256(p256))
			.saturating_sub(T::WeightInfo::authorize_reports_p256(0))
			.saturating_add(Self::region_lookups_weight(reports.len() as u32))
	}

	/// The rules an announcement must pass: the beaconer's and its beacon's
	/// ([`Self::check_beaconer`]) and its signature.
	pub(crate) fn check_announcement(
		announcement: &BeaconAnnouncement,
		signature: &DeviceSignature,
	) -> Result<CheckedBeaconer<T>, Error<T>> {
		let checked = Self::check_beaconer(
			&announcement.beaconer,
			announcement.entropy_block,
			announcement.frequency_khz,
			announcement.tx_power_dbm_x10,
		)?;
		let message = Self::announce_message_for(announcement);
		ensure!(announcement.beaconer.verify(signature, &message), Error::<T>::BadSignature);
		Ok(checked)
	}

	/// Transaction-pool and block validation of an announcement without a signed origin.
	pub(crate) fn authorize_announcement(
		_source: TransactionSource,
		announcement: &BeaconAnnouncement,
		signature: &DeviceSignature,
	) -> TransactionValidityWithRefund {
		let region_reads =
			Self::check_announcement(announcement, signature).map_err(invalid)?.region_reads;
		// Valid while its entropy is fresh; one beacon per device in the pool, whatever flow.
		let expires = announcement.entropy_block.saturating_add(Params::<T>::get().max_entropy_age);
		let validity = ValidTransaction::with_tag_prefix("DepinBeacon")
			.priority(ANNOUNCEMENT_PRIORITY)
			.and_provides(announcement.beaconer)
			.longevity(u64::from(expires.saturating_sub(Self::current_block()).max(1)))
			.build()?;
		let unread =
			Self::region_lookups_weight(1).saturating_sub(T::DbWeight::get().reads(region_reads));
		Ok((validity, unread))
	}

	pub(crate) fn do_announce_beacon(
		origin: T::RuntimeOrigin,
		announcement: BeaconAnnouncement,
		signature: DeviceSignature,
	) -> DispatchResultWithPostInfo {
		let beaconer = announcement.beaconer;
		let (checked, authorized) = match origin.into() {
			// `authorize_announcement` checked the signature in this very block state.
			Ok(RawOrigin::Authorized) => (
				Self::check_beaconer(
					&beaconer,
					announcement.entropy_block,
					announcement.frequency_khz,
					announcement.tx_power_dbm_x10,
				)?,
				true,
			),
			Ok(RawOrigin::Signed(who)) => {
				let checked = Self::check_announcement(&announcement, &signature)?;
				ensure!(checked.beaconer.owner == who, Error::<T>::NotOwner);
				(checked, false)
			},
			_ => return Err(DispatchError::BadOrigin.into()),
		};
		// A previous beacon still open was not revealed in time: its reports earn nothing.
		let stale = OpenBeacons::<T>::take(beaconer).map_or(0, |open| open.reports);
		if stale > 0 {
			let _ = BeaconReports::<T>::clear_prefix(beaconer, stale, None);
		}
		let now = Self::current_block();
		LastBeacon::<T>::insert(beaconer, now);
		OpenBeacons::<T>::insert(
			beaconer,
			OpenBeacon {
				entropy_block: announcement.entropy_block,
				seal: announcement.seal,
				frequency_khz: announcement.frequency_khz,
				tx_power_dbm_x10: announcement.tx_power_dbm_x10,
				kind: checked.beaconer.kind,
				location: checked.location,
				region: checked.region,
				reports: 0,
			},
		);
		Self::deposit_event(Event::BeaconAnnounced {
			beaconer,
			announced_at: now,
			seal: announcement.seal,
		});
		let unread = Self::region_lookups_weight(1)
			.saturating_sub(T::DbWeight::get().reads(checked.region_reads));
		let actual = T::WeightInfo::announce_beacon(stale)
			.saturating_add(Self::region_lookups_weight(1))
			.saturating_sub(unread)
			.saturating_add(if authorized {
				Weight::zero()
			} else {
				Self::announcement_check_weight(&announcement)
			});
		Ok(Some(actual).into())
	}

	/// The rules every report of a batch must pass: its beacon is open and in its report
	/// window, the witness has not reported it yet and it has room, and the witness and its
	/// reception pass [`Self::check_witness`]. No signature is verified before every report has
	/// passed the other rules, so that a batch spoilt by a cheap breach costs no verification.
	fn check_reports(reports: &[SignedReport]) -> Result<Vec<&Report>, Error<T>> {
		ensure!(!reports.is_empty(), Error::<T>::NoReports);
		let params = Params::<T>::get();
		let now = Self::current_block();
		let mut regions = RegionLookups::<T>::new();
		// Each beacon of the batch: what it is, who may not witness it, its reports so far.
		let mut beacons: BTreeMap<DeviceKey, (HeardBeacon, Vec<DeviceKey>, u32)> = BTreeMap::new();
		let mut seen = BTreeSet::new();
		let checked = reports
			.iter()
			.map(|SignedReport { report, .. }| {
				let (heard, denied, count) = match beacons.entry(report.beaconer) {
					alloc::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
					alloc::collections::btree_map::Entry::Vacant(entry) => {
						let open = OpenBeacons::<T>::get(report.beaconer)
							.ok_or(Error::<T>::BeaconNotOpen)?;
						let heard = HeardBeacon {
							beaconer: report.beaconer,
							kind: open.kind,
							location: open.location,
							region: open.region,
							frequency_khz: open.frequency_khz,
							tx_power_dbm_x10: open.tx_power_dbm_x10,
						};
						let denied = T::Devices::denied_witnesses(&report.beaconer);
						entry.insert((heard, denied, open.reports))
					},
				};
				ensure!(
					LastBeacon::<T>::get(report.beaconer) == Some(report.announced_at),
					Error::<T>::BeaconNotOpen
				);
				ensure!(
					now <= report.announced_at.saturating_add(params.report_window),
					Error::<T>::ReportWindowClosed
				);
				ensure!(
					seen.insert((report.beaconer, report.witness))
						&& !BeaconReports::<T>::contains_key(report.beaconer, report.witness),
					Error::<T>::AlreadyReported
				);
				ensure!(*count < MAX_REPORTS_PER_BEACON, Error::<T>::BeaconReportsFull);
				*count += 1;
				let reception = Reception {
					rssi_dbm_x10: report.rssi_dbm_x10,
					snr_db_x10: report.snr_db_x10,
					frequency_khz: report.frequency_khz,
				};
				let witness = T::Devices::device(&report.witness);
				// Signatures are verified once every report has passed the cheap rules.
				Self::check_witness(
					heard,
					&report.witness,
					witness.as_ref(),
					denied,
					&mut regions,
					&reception,
					&params,
					|| true,
				)
				.map_err(Self::report_error)?;
				Ok(report)
			})
			.collect::<Result<Vec<_>, _>>()?;
		for SignedReport { report, signature } in reports {
			let message = Self::report_message_for(report);
			ensure!(report.witness.verify(signature, &message), Error::<T>::BadSignature);
		}
		Ok(checked)
	}

	/// The pallet error of a report rejected by the witness rules.
	fn report_error(rejection: WitnessRejection) -> Error<T> {
		use WitnessRejection::*;
		match rejection {
			SelfWitness => Error::<T>::SelfWitness,
			UnknownWitness => Error::<T>::UnknownDevice,
			WitnessDenied | WitnessNotActive => Error::<T>::DeviceNotActive,
			EdgeDenied => Error::<T>::EdgeDenied,
			WitnessRevoked(Revocation::MakerRevoked) => Error::<T>::MakerRevoked,
			WitnessRevoked(Revocation::MakerKeyRevoked) => Error::<T>::MakerKeyRevoked,
			WitnessRevoked(Revocation::BatchRecalled) => Error::<T>::BatchRecalled,
			WitnessRevoked(Revocation::Uncertified) => Error::<T>::Uncertified,
			KindMismatch => Error::<T>::KindMismatch,
			WitnessNotLocated => Error::<T>::WitnessNotLocated,
			OutsideRegion => Error::<T>::OutsideRegion,
			RssiBelowSensitivity => Error::<T>::RssiBelowSensitivity,
			SnrOutOfRange => Error::<T>::SnrOutOfRange,
			BadSignature => Error::<T>::BadSignature,
			FrequencyMismatch => Error::<T>::FrequencyMismatch,
			TooClose => Error::<T>::TooClose,
			TooFar => Error::<T>::TooFar,
			SignalTooStrong => Error::<T>::SignalTooStrong,
			// Rules of receipts and reveals, which `check_witness` does not apply.
			Duplicate | TooLate | CommitmentMismatch => {
				frame_support::defensive!("check_witness applies no rule of another stage");
				Error::<T>::AlreadyReported
			},
		}
	}

	/// Transaction-pool and block validation of a batch of reports: all of them valid, each
	/// (beacon, witness) pair once in the pool.
	pub(crate) fn authorize_reports(
		_source: TransactionSource,
		reports: &BoundedVec<SignedReport, MaxReportsPerBatch>,
	) -> TransactionValidityWithRefund {
		let checked = Self::check_reports(reports).map_err(invalid)?;
		let report_window = Params::<T>::get().report_window;
		let closes = checked
			.iter()
			.map(|report| report.announced_at.saturating_add(report_window))
			.min()
			.unwrap_or_default();
		let mut validity = ValidTransaction::with_tag_prefix("DepinReport")
			.priority(REPORTS_PRIORITY)
			.longevity(u64::from(closes.saturating_sub(Self::current_block()).max(1)));
		for report in &checked {
			validity = validity.and_provides((report.beaconer, report.witness));
		}
		Ok((validity.build()?, Weight::zero()))
	}

	pub(crate) fn do_submit_reports(
		origin: T::RuntimeOrigin,
		reports: BoundedVec<SignedReport, MaxReportsPerBatch>,
	) -> DispatchResultWithPostInfo {
		// Only as authorized: `authorize_reports` checked every report in this very block state.
		match origin.into() {
			Ok(RawOrigin::Authorized) => {},
			_ => return Err(DispatchError::BadOrigin.into()),
		}
		for SignedReport { report, .. } in &reports {
			let cell = T::Devices::device(&report.witness)
				.and_then(|witness| witness.location)
				.ok_or(Error::<T>::WitnessNotLocated)?
				.cell;
			BeaconReports::<T>::insert(
				report.beaconer,
				report.witness,
				ReportRecord { cell, commitment: report.commitment },
			);
			OpenBeacons::<T>::mutate(report.beaconer, |open| {
				if let Some(open) = open {
					open.reports.saturating_inc();
				}
			});
		}
		Self::deposit_event(Event::ReportsAccepted { reports: reports.len() as u32 });
		Ok(().into())
	}

	/// The dispatch weight of revealing a beacon with `reports` reports: the benchmark's (every
	/// commitment hashed and every report drawn), and on top of it a credit opened for the
	/// beaconer and for each of the most witnesses governance may reward. The benchmark's line
	/// spreads its credits over every report, which under-weighs beacons with up to 25 reports,
	/// so they are weighed apart, and refunded to the credits made.
	pub(crate) fn reveal_weight(reports: u32) -> Weight {
		let reports = reports.min(MAX_REPORTS_PER_BEACON);
		let (reads, writes) = CreditRecord::Opened.database_ops();
		let credits = Self::weighed_credits(reports);
		T::WeightInfo::reveal_beacon(reports)
			.saturating_add(T::DbWeight::get().reads_writes(credits * reads, credits * writes))
	}

	/// The credits a reveal of `reports` reports is weighed with.
	fn weighed_credits(reports: u32) -> u64 {
		match reports {
			0 => 0,
			reports => u64::from(reports.min(MAX_WITNESSES_PER_RECEIPT)) + 1,
		}
	}

	/// The rules of a reveal: the beacon is open, its report window closed and its reveal
	/// window open, `reports` is its number of reports, and the local entropy derives the
	/// sealed payload.
	fn check_reveal(
		beaconer: &DeviceKey,
		local_entropy: &[u8; 16],
		reports: u32,
	) -> Result<CheckedReveal, Error<T>> {
		let open = OpenBeacons::<T>::get(beaconer).ok_or(Error::<T>::BeaconNotOpen)?;
		let announced_at = LastBeacon::<T>::get(beaconer).ok_or(Error::<T>::BeaconNotOpen)?;
		let params = Params::<T>::get();
		let window_end = announced_at.saturating_add(params.report_window);
		let now = Self::current_block();
		ensure!(now > window_end, Error::<T>::ReportWindowOpen);
		ensure!(
			now <= window_end.saturating_add(params.reveal_window),
			Error::<T>::RevealWindowClosed
		);
		ensure!(reports == open.reports, Error::<T>::WrongReportCount);
		let entropy_hash =
			Self::kept_block_hash(open.entropy_block).ok_or(Error::<T>::UnknownEntropy)?;
		let payload = beacon_payload(entropy_hash.as_ref(), beaconer, local_entropy);
		ensure!(payload_seal(&payload) == open.seal, Error::<T>::SealMismatch);
		Ok(CheckedReveal { open, payload, window_end })
	}

	/// Transaction-pool and block validation of a reveal: the entropy is its own proof.
	pub(crate) fn authorize_reveal(
		_source: TransactionSource,
		beaconer: &DeviceKey,
		local_entropy: &[u8; 16],
		reports: &u32,
	) -> TransactionValidityWithRefund {
		let checked = Self::check_reveal(beaconer, local_entropy, *reports).map_err(invalid)?;
		let closes = checked.window_end.saturating_add(Params::<T>::get().reveal_window);
		let validity = ValidTransaction::with_tag_prefix("DepinReveal")
			.priority(REVEAL_PRIORITY)
			.and_provides(beaconer)
			.longevity(u64::from(closes.saturating_sub(Self::current_block()).max(1)))
			.build()?;
		Ok((validity, Weight::zero()))
	}

	pub(crate) fn do_reveal_beacon(
		origin: T::RuntimeOrigin,
		beaconer: DeviceKey,
		local_entropy: [u8; 16],
		reports: u32,
	) -> DispatchResultWithPostInfo {
		// Anyone who knows the entropy may reveal, fee-less or signed.
		match origin.into() {
			Ok(RawOrigin::Authorized | RawOrigin::Signed(_)) => {},
			_ => return Err(DispatchError::BadOrigin.into()),
		}
		let CheckedReveal { open, payload, window_end } =
			Self::check_reveal(&beaconer, &local_entropy, reports)?;
		let window_hash = Self::kept_block_hash(window_end).ok_or(Error::<T>::UnknownEntropy)?;
		let seed = draw_seed(window_hash.as_ref(), &payload);
		let judged = BeaconReports::<T>::drain_prefix(beaconer)
			.take(reports as usize)
			.map(|(witness, record)| {
				let received = record.commitment == reception_commitment(&payload, &witness);
				(
					witness,
					if received {
						Ok(record.cell)
					} else {
						Err(WitnessRejection::CommitmentMismatch)
					},
				)
			})
			.collect();
		OpenBeacons::<T>::remove(beaconer);
		let verdicts = Self::draw_verdicts(judged, &seed);
		let Settlement { epoch, beacon_units, witness_units, density_scale_ppm, database_ops } =
			Self::settle_beacon(&beaconer, open.kind, open.location, &verdicts);
		let weighed = Self::weighed_credits(reports);
		let (r, w) = CreditRecord::Opened.database_ops();
		let (reads, writes) = database_ops;
		let unused = T::DbWeight::get().reads_writes(
			(weighed * r).saturating_sub(reads),
			(weighed * w).saturating_sub(writes),
		);
		Self::deposit_event(Event::BeaconRevealed {
			beaconer,
			epoch,
			beacon_units,
			witness_units,
			density_scale_ppm,
			draw_seed: seed,
			witnesses: BoundedVec::truncate_from(verdicts),
		});
		Ok(Some(Self::reveal_weight(reports).saturating_sub(unused)).into())
	}
}
