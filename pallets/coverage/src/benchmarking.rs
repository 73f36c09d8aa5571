//! Benchmarks of `pallet_coverage`, in the worst case of each call.

use super::*;
use alloc::vec::Vec;
use codec::Decode;
use depin_primitives::{
	density::CellDensity,
	geo::H3Cell,
	geo::{self, LOCATION_RESOLUTION},
	poc::{
		beacon_payload, payload_seal, reception_commitment,
		regions::{BandPlan, Region, MAX_BAND_CHANNELS},
		Beacon, BeaconAnnouncement, BeaconReceipt, MaxReportsPerBatch, Report, SignedReport,
		WitnessMeasurements, WitnessReport, MAX_REPORTS_PER_BATCH, MAX_REPORTS_PER_BEACON,
		MAX_WITNESSES_PER_RECEIPT,
	},
	signing::DeviceSigner,
	work::DeviceRegistry,
	work::{RegistryBenchmarkHelper, REWARD_UNIT},
	DeviceKey, DeviceKind, DeviceSignature,
};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, EnsureOrigin, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use frame_system::RawOrigin;
use sp_runtime::{traits::UniqueSaturatedInto, BoundedVec};

/// A registered sensor with `signer`'s key and its heartbeat for the current epoch, signed.
fn signed_heartbeat<T: Config>(
	signer: &DeviceSigner,
) -> (Heartbeat, depin_primitives::DeviceSignature) {
	let owner: T::AccountId = account("owner", 0, 0);
	let device = signer.public();
	T::BenchmarkHelper::add_device(&owner, device, DeviceKind::Sensor, None);
	let epoch = CurrentEpoch::<T>::get();
	(Heartbeat { device, epoch }, signer.sign(&Pallet::<T>::heartbeat_message_for(&device, epoch)))
}

/// Authorizes `call` as the transaction pool does, which must find it valid.
fn assert_authorized<T: Config>(call: Call<T>) {
	let validity = call.authorize(TransactionSource::External);
	assert!(matches!(validity, Some(Ok(_))), "the call is valid");
}

/// Device number `n` of the scheme under test.
fn signer(p256: bool, n: u32) -> DeviceSigner {
	let mut secret = [1u8; 32];
	secret[..4].copy_from_slice(&(n + 1).to_le_bytes());
	if p256 {
		DeviceSigner::p256_from_secret(&secret).expect("a non-zero scalar below the order")
	} else {
		DeviceSigner::ed25519_from_seed(&secret)
	}
}

/// The block the benchmarks run in; the block before it is the beacons' entropy.
const NOW: u32 = 100;

/// The entropy block's hash.
fn entropy_hash<T: Config>() -> T::Hash {
	T::Hash::decode(&mut &[7u8; 32][..]).expect("32 bytes decode")
}

/// The chain at block [`NOW`], with the entropy block's hash kept, every valid witness
/// rewarded (the most governance may configure, so that every report is credited) and EU868's
/// LoRa band plan.
fn at_now<T: Config>() {
	Params::<T>::mutate(|params| params.max_rewarded_witnesses = MAX_WITNESSES_PER_RECEIPT);
	frame_system::Pallet::<T>::set_block_number(NOW.into());
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::from(NOW - 1), entropy_hash::<T>());
	BandPlans::<T>::insert(
		Region::Eu868,
		DeviceKind::LoraHotspot,
		Region::Eu868.helium_lora_plan(),
	);
}

/// The beaconers' home: the densest area the density rules can see (every parent over its
/// target, every neighbour dense), so that every density level is computed.
fn crowded_home<T: Config>() -> H3Cell {
	let home = geo::cell_at(48.8530, 2.3499, LOCATION_RESOLUTION).expect("valid");
	for res in 4..=10 {
		let parent = geo::parent(home, res).expect("a parent");
		let crowded = CellDensity { devices: 2_000, dense_ring: 7 };
		T::BenchmarkHelper::set_cell_density(DeviceKind::LoraHotspot, parent, crowded);
	}
	home
}

/// Registers `signer`'s LoRa hotspot at `cell`, whose resolution-4 parent is mapped to EU868:
/// region lookups are weighed on top of these benchmarks (`region_lookups_weight`), and
/// mapping the nearest parent keeps the benchmark's own share of them to one read.
fn lora_at<T: Config>(signer: &DeviceSigner, cell: H3Cell) {
	let owner: T::AccountId = account("owner", 0, 0);
	CellRegions::<T>::insert(geo::parent(cell, 4).expect("a parent"), Region::Eu868);
	T::BenchmarkHelper::add_device(&owner, signer.public(), DeviceKind::LoraHotspot, Some(cell));
}

/// The place `step` hundredths of a degree north of `from`.
fn north_of(from: (f64, f64), step: u32) -> H3Cell {
	geo::cell_at(from.0 + 0.01 * f64::from(step), from.1, LOCATION_RESOLUTION).expect("valid")
}

/// A valid, signed receipt with `witnesses` valid reports, all keys of one scheme and all
/// rewarded, from a beaconer in the densest area the density rules can see (every parent over
/// its target, every neighbour dense), so that every density level is computed, and with a full
/// edge deny list.
fn receipt_with<T: Config>(p256: bool, witnesses: u32) -> (BeaconReceipt, DeviceSignature) {
	at_now::<T>();
	let home = crowded_home::<T>();
	let beaconer = signer(p256, 1);
	lora_at::<T>(&beaconer, home);
	// Every witness is looked up in a full deny list that holds none of them.
	T::BenchmarkHelper::fill_denied_witnesses(&beaconer.public());

	let local_entropy = [3; 16];
	let beacon = Beacon {
		entropy_block: NOW - 1,
		local_entropy,
		payload: beacon_payload(entropy_hash::<T>().as_ref(), &beaconer.public(), &local_entropy),
		frequency_khz: 868_100,
		tx_power_dbm_x10: 140,
	};
	let mut receipt =
		BeaconReceipt { beaconer: beaconer.public(), beacon, witnesses: Default::default() };
	let reports: Vec<WitnessReport> = (0..witnesses)
		.map(|i| {
			let witness = signer(p256, 2 + i);
			lora_at::<T>(&witness, north_of((48.8530, 2.3499), i + 1));
			let mut report = WitnessReport {
				witness: witness.public(),
				measurements: WitnessMeasurements {
					rssi_dbm_x10: -1_200,
					snr_db_x10: 55,
					frequency_khz: 868_100,
					arrival_us: 1_000 * i,
				},
				signature: DeviceSignature::Ed25519([0; 64]),
			};
			report.signature = witness.sign(&Pallet::<T>::witness_message_for(&receipt, &report));
			report
		})
		.collect();
	receipt.witnesses = reports.try_into().expect("within MAX_WITNESSES_PER_RECEIPT");
	let signature = beaconer.sign(&Pallet::<T>::receipt_message_for(&receipt));
	(receipt, signature)
}

/// The local entropy of the benchmarks' announced beacons.
const LOCAL_ENTROPY: [u8; 16] = [3; 16];

/// The payload of `beaconer`'s announced beacon.
fn payload_of<T: Config>(beaconer: &DeviceKey) -> [u8; 32] {
	beacon_payload(entropy_hash::<T>().as_ref(), beaconer, &LOCAL_ENTROPY)
}

/// A signed announcement by a beaconer of the scheme under test at the crowded home.
fn announcement_by<T: Config>(p256: bool) -> (BeaconAnnouncement, DeviceSignature) {
	at_now::<T>();
	let beaconer = signer(p256, 1);
	lora_at::<T>(&beaconer, crowded_home::<T>());
	let announcement = BeaconAnnouncement {
		beaconer: beaconer.public(),
		entropy_block: NOW - 1,
		seal: payload_seal(&payload_of::<T>(&beaconer.public())),
		frequency_khz: 868_100,
		tx_power_dbm_x10: 140,
	};
	let signature = beaconer.sign(&Pallet::<T>::announce_message_for(&announcement));
	(announcement, signature)
}

/// Opens `beaconer`'s beacon in this block with `reports` reports, as `announce_beacon` and
/// `submit_reports` would.
fn open_beacon<T: Config>(beaconer: &DeviceKey, reports: u32) {
	let location = T::Devices::device(beaconer).and_then(|d| d.location).expect("located");
	LastBeacon::<T>::insert(beaconer, NOW);
	OpenBeacons::<T>::insert(
		beaconer,
		OpenBeacon {
			entropy_block: NOW - 1,
			seal: payload_seal(&payload_of::<T>(beaconer)),
			frequency_khz: 868_100,
			tx_power_dbm_x10: 140,
			kind: DeviceKind::LoraHotspot,
			location,
			region: Region::Eu868,
			reports,
		},
	);
}

/// `n` valid reports by witnesses of the scheme under test, each of another open beacon whose
/// beaconer has a full deny list: every report reads its own beacon and deny list.
fn reports_for<T: Config>(p256: bool, n: u32) -> BoundedVec<SignedReport, MaxReportsPerBatch> {
	at_now::<T>();
	let reports: Vec<SignedReport> = (0..n)
		.map(|j| {
			let place = (48.8530 + 0.001 * f64::from(j), 2.3499);
			let beaconer = signer(false, 1_000 + j);
			lora_at::<T>(&beaconer, north_of(place, 0));
			T::BenchmarkHelper::fill_denied_witnesses(&beaconer.public());
			open_beacon::<T>(&beaconer.public(), 0);
			let witness = signer(p256, 2_000 + j);
			lora_at::<T>(&witness, north_of(place, 1));
			let report = Report {
				beaconer: beaconer.public(),
				announced_at: NOW,
				witness: witness.public(),
				commitment: reception_commitment(
					&payload_of::<T>(&beaconer.public()),
					&witness.public(),
				),
				rssi_dbm_x10: -1_200,
				snr_db_x10: 55,
				frequency_khz: 868_100,
			};
			SignedReport {
				report,
				signature: witness.sign(&Pallet::<T>::report_message_for(&report)),
			}
		})
		.collect();
	reports.try_into().expect("within MAX_REPORTS_PER_BATCH")
}

/// A beacon of the crowded home with `n` valid reports, on the first block of its reveal
/// window; the beaconer.
fn revealable<T: Config>(n: u32) -> DeviceKey {
	at_now::<T>();
	let home = crowded_home::<T>();
	let beaconer = signer(false, 1);
	lora_at::<T>(&beaconer, home);
	let beaconer = beaconer.public();
	open_beacon::<T>(&beaconer, n);
	let payload = payload_of::<T>(&beaconer);
	for i in 0..n {
		let witness = signer(false, 2 + i);
		let cell = north_of((48.8530, 2.3499), i + 1);
		lora_at::<T>(&witness, cell);
		let commitment = reception_commitment(&payload, &witness.public());
		BeaconReports::<T>::insert(beaconer, witness.public(), ReportRecord { cell, commitment });
	}
	let window_end = NOW + Params::<T>::get().report_window;
	frame_system::BlockHash::<T>::insert(
		BlockNumberFor::<T>::from(window_end),
		T::Hash::decode(&mut &[8u8; 32][..]).expect("32 bytes decode"),
	);
	frame_system::Pallet::<T>::set_block_number((window_end + 1).into());
	beaconer
}

/// Checks that every witness of the last receipt was valid and rewarded: the worst case.
fn assert_all_selected<T: Config>(receipt: &BeaconReceipt) {
	assert_eq!(
		LastBeacon::<T>::get(receipt.beaconer),
		Some(frame_system::Pallet::<T>::block_number().unique_saturated_into())
	);
	let proofs = CurrentEpochActivity::<T>::get().proofs;
	assert_eq!(proofs.witnesses_selected, receipt.witnesses.len() as u32);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn authorize_heartbeat_ed25519() {
		let (heartbeat, signature) =
			signed_heartbeat::<T>(&DeviceSigner::ed25519_from_seed(&[7; 32]));

		#[block]
		{
			assert_authorized::<T>(Call::submit_heartbeat { heartbeat, signature });
		}
	}

	#[benchmark]
	fn authorize_heartbeat_p256() {
		let signer = DeviceSigner::p256_from_secret(&[7; 32]).expect("valid scalar");
		let (heartbeat, signature) = signed_heartbeat::<T>(&signer);

		#[block]
		{
			assert_authorized::<T>(Call::submit_heartbeat { heartbeat, signature });
		}
	}

	/// The dispatch of an authorized heartbeat (its checks are in the authorization weight).
	#[benchmark]
	fn submit_heartbeat() {
		let (heartbeat, signature) =
			signed_heartbeat::<T>(&DeviceSigner::ed25519_from_seed(&[7; 32]));

		#[extrinsic_call]
		_(RawOrigin::Authorized, heartbeat, signature);

		assert_eq!(LastHeartbeat::<T>::get(heartbeat.device), Some(heartbeat.epoch));
		assert_eq!(CurrentEpochActivity::<T>::get().units.uptime, REWARD_UNIT);
	}

	#[benchmark]
	fn set_epoch_length() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let length = T::MinEpochLength::get();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, length);

		assert_eq!(EpochLength::<T>::get(), length);
		Ok(())
	}

	#[benchmark]
	fn on_initialize_within_epoch() {
		EpochStart::<T>::put(frame_system::Pallet::<T>::block_number());
		let now = frame_system::Pallet::<T>::block_number();

		#[block]
		{
			Pallet::<T>::advance_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get(), 0);
	}

	/// Closing an epoch. `Work::epoch_closed` reports its own weight, which the hook adds; in a
	/// runtime whose `Work` is real, this measurement includes it once more (a small
	/// over-charge, once per epoch).
	#[benchmark]
	fn on_initialize_closing_epoch() {
		let epoch = CurrentEpoch::<T>::get();
		let now = EpochStart::<T>::get() + EpochLength::<T>::get();

		#[block]
		{
			Pallet::<T>::advance_epoch(now);
		}

		assert_eq!(CurrentEpoch::<T>::get(), epoch + 1);
	}

	#[benchmark]
	fn authorize_receipt_ed25519(w: Linear<0, MAX_WITNESSES_PER_RECEIPT>) {
		let (receipt, signature) = receipt_with::<T>(false, w);

		#[block]
		{
			assert_authorized::<T>(Call::submit_receipt { receipt, signature });
		}
	}

	#[benchmark]
	fn authorize_receipt_p256(w: Linear<0, MAX_WITNESSES_PER_RECEIPT>) {
		let (receipt, signature) = receipt_with::<T>(true, w);

		#[block]
		{
			assert_authorized::<T>(Call::submit_receipt { receipt, signature });
		}
	}

	/// The dispatch of an authorized receipt whose `w` witnesses are all valid Ed25519 devices.
	#[benchmark]
	fn submit_receipt_ed25519(w: Linear<0, MAX_WITNESSES_PER_RECEIPT>) {
		let (receipt, signature) = receipt_with::<T>(false, w);

		#[extrinsic_call]
		submit_receipt(RawOrigin::Authorized, receipt.clone(), signature);

		assert_all_selected::<T>(&receipt);
	}

	/// The same with P-256 witnesses, whose signatures are verified inside the runtime.
	#[benchmark]
	fn submit_receipt_p256(w: Linear<0, MAX_WITNESSES_PER_RECEIPT>) {
		let (receipt, signature) = receipt_with::<T>(true, w);

		#[extrinsic_call]
		submit_receipt(RawOrigin::Authorized, receipt.clone(), signature);

		assert_all_selected::<T>(&receipt);
	}

	#[benchmark]
	fn set_poc_params() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let params = PocParams { max_rewarded_witnesses: 10, ..PocParams::default() };

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, params);

		assert_eq!(Params::<T>::get(), params);
		Ok(())
	}

	#[benchmark]
	fn set_cell_regions(n: Linear<0, MAX_CELL_REGION_CHANGES>) -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		// `n` distinct resolution-4 cells, hundreds of kilometres apart.
		let changes: Vec<_> = (0..n)
			.map(|i| {
				let (lat, lng) =
					(-40.0 + 5.0 * f64::from(i / 16), -80.0 + 10.0 * f64::from(i % 16));
				geo::cell_at(lat, lng, 4).expect("valid")
			})
			.map(|cell| (cell, Some(Region::Eu868)))
			.collect();
		assert_eq!(changes.len(), n as usize);
		let changes = CellRegionChanges::truncate_from(changes);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, changes.clone());

		assert!(changes.iter().all(|(cell, _)| CellRegions::<T>::contains_key(cell)));
		Ok(())
	}

	#[benchmark]
	fn set_band_plan() -> Result<(), BenchmarkError> {
		let origin =
			T::AdminOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let plan = BandPlan {
			channels_khz: (0..MAX_BAND_CHANNELS)
				.map(|i| 2_412_000 + 5_000 * i)
				.collect::<Vec<_>>()
				.try_into()
				.expect("MAX_BAND_CHANNELS channels"),
			max_eirp_dbm_x10: 200,
		};

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, Region::Eu868, DeviceKind::WifiHotspot, Some(plan.clone()));

		assert_eq!(BandPlans::<T>::get(Region::Eu868, DeviceKind::WifiHotspot), Some(plan));
		Ok(())
	}

	#[benchmark]
	fn authorize_announcement_ed25519() {
		let (announcement, signature) = announcement_by::<T>(false);

		#[block]
		{
			assert_authorized::<T>(Call::announce_beacon { announcement, signature });
		}
	}

	#[benchmark]
	fn authorize_announcement_p256() {
		let (announcement, signature) = announcement_by::<T>(true);

		#[block]
		{
			assert_authorized::<T>(Call::announce_beacon { announcement, signature });
		}
	}

	/// The dispatch of an authorized announcement whose beaconer's previous beacon, never
	/// revealed, left `r` reports to remove.
	#[benchmark]
	fn announce_beacon(r: Linear<0, MAX_REPORTS_PER_BEACON>) {
		let (announcement, signature) = announcement_by::<T>(false);
		let beaconer = announcement.beaconer;
		open_beacon::<T>(&beaconer, r);
		for i in 0..r {
			let record = ReportRecord { cell: crowded_home::<T>(), commitment: [0; 32] };
			BeaconReports::<T>::insert(beaconer, signer(false, 2 + i).public(), record);
		}
		LastBeacon::<T>::insert(beaconer, NOW - Params::<T>::get().beacon_interval);

		#[extrinsic_call]
		_(RawOrigin::Authorized, announcement, signature);

		assert_eq!(OpenBeacons::<T>::get(beaconer).map(|open| open.reports), Some(0));
		assert_eq!(BeaconReports::<T>::iter_prefix(beaconer).count(), 0);
	}

	#[benchmark]
	fn authorize_reports_ed25519(n: Linear<1, MAX_REPORTS_PER_BATCH>) {
		let reports = reports_for::<T>(false, n);

		#[block]
		{
			assert_authorized::<T>(Call::submit_reports { reports });
		}
	}

	#[benchmark]
	fn authorize_reports_p256(n: Linear<1, MAX_REPORTS_PER_BATCH>) {
		let reports = reports_for::<T>(true, n);

		#[block]
		{
			assert_authorized::<T>(Call::submit_reports { reports });
		}
	}

	/// The dispatch of an authorized batch (its checks are in the authorization weight).
	#[benchmark]
	fn submit_reports(n: Linear<1, MAX_REPORTS_PER_BATCH>) {
		let reports = reports_for::<T>(false, n);

		#[extrinsic_call]
		_(RawOrigin::Authorized, reports.clone());

		assert!(reports.iter().all(|signed| {
			BeaconReports::<T>::contains_key(signed.report.beaconer, signed.report.witness)
		}));
	}

	#[benchmark]
	fn authorize_reveal() {
		let beaconer = revealable::<T>(0);

		#[block]
		{
			assert_authorized::<T>(Call::reveal_beacon {
				beaconer,
				local_entropy: LOCAL_ENTROPY,
				reports: 0,
			});
		}
	}

	/// Revealing a beacon whose `n` reports are valid, as many rewarded as governance may
	/// configure.
	#[benchmark]
	fn reveal_beacon(n: Linear<0, MAX_REPORTS_PER_BEACON>) {
		let beaconer = revealable::<T>(n);

		#[extrinsic_call]
		_(RawOrigin::Authorized, beaconer, LOCAL_ENTROPY, n);

		assert!(OpenBeacons::<T>::get(beaconer).is_none());
		let proofs = CurrentEpochActivity::<T>::get().proofs;
		assert_eq!(proofs.witnesses_selected, n.min(MAX_WITNESSES_PER_RECEIPT));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
