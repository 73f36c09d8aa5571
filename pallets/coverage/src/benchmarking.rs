//! Benchmarks of `pallet_coverage`, in the worst case of each call.

use super::*;
use alloc::vec::Vec;
use codec::Decode;
use depin_primitives::{
	density::CellDensity,
	geo::{self, LOCATION_RESOLUTION},
	poc::{
		beacon_payload,
		regions::{BandPlan, Region, MAX_BAND_CHANNELS},
		Beacon, BeaconReceipt, WitnessMeasurements, WitnessReport, MAX_WITNESSES_PER_RECEIPT,
	},
	signing::DeviceSigner,
	work::{RegistryBenchmarkHelper, REWARD_UNIT},
	DeviceKind, DeviceSignature,
};
use frame_benchmarking::v2::*;
use frame_support::{
	pallet_prelude::TransactionSource,
	traits::{Authorize, EnsureOrigin, Get},
};
use frame_system::pallet_prelude::BlockNumberFor;
use frame_system::RawOrigin;
use sp_runtime::traits::UniqueSaturatedInto;

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

fn authorize<T: Config>(heartbeat: Heartbeat, signature: depin_primitives::DeviceSignature) {
	let call = Call::<T>::submit_heartbeat { heartbeat, signature };
	let validity = call.authorize(TransactionSource::External);
	assert!(matches!(validity, Some(Ok(_))), "the heartbeat is valid");
}

/// Device number `n` of the scheme under test.
fn signer(p256: bool, n: u8) -> DeviceSigner {
	if p256 {
		DeviceSigner::p256_from_secret(&[n; 32]).expect("a small non-zero scalar")
	} else {
		DeviceSigner::ed25519_from_seed(&[n; 32])
	}
}

/// A valid, signed receipt with `witnesses` valid reports, all keys of one scheme and all
/// rewarded, from a beaconer in the densest area the density rules can see (every parent over
/// its target, every neighbour dense), so that every density level is computed, and with a full
/// edge deny list.
fn receipt_with<T: Config>(p256: bool, witnesses: u32) -> (BeaconReceipt, DeviceSignature) {
	let owner: T::AccountId = account("owner", 0, 0);
	// Every valid witness is rewarded, so that every report is credited: the most governance
	// may configure.
	Params::<T>::mutate(|params| params.max_rewarded_witnesses = MAX_WITNESSES_PER_RECEIPT);
	let now = 100u32;
	frame_system::Pallet::<T>::set_block_number(now.into());
	let entropy_hash = T::Hash::decode(&mut &[7u8; 32][..]).expect("32 bytes decode");
	frame_system::BlockHash::<T>::insert(BlockNumberFor::<T>::from(now - 1), entropy_hash);

	let home = geo::cell_at(48.8530, 2.3499, LOCATION_RESOLUTION).expect("valid");
	for res in 4..=10 {
		let parent = geo::parent(home, res).expect("a parent");
		let crowded = CellDensity { devices: 2_000, dense_ring: 7 };
		T::BenchmarkHelper::set_cell_density(DeviceKind::LoraHotspot, parent, crowded);
	}
	// Region lookups are weighed on top of these benchmarks (`region_lookups_weight`); mapping
	// the beaconer's resolution-4 cell keeps the benchmark's own share of them to one read.
	CellRegions::<T>::insert(geo::parent(home, 4).expect("a parent"), Region::Eu868);
	BandPlans::<T>::insert(
		Region::Eu868,
		DeviceKind::LoraHotspot,
		Region::Eu868.helium_lora_plan(),
	);
	let beaconer = signer(p256, 1);
	T::BenchmarkHelper::add_device(&owner, beaconer.public(), DeviceKind::LoraHotspot, Some(home));
	// Every witness is looked up in a full deny list that holds none of them.
	T::BenchmarkHelper::fill_denied_witnesses(&beaconer.public());

	let local_entropy = [3; 16];
	let beacon = Beacon {
		entropy_block: now - 1,
		local_entropy,
		payload: beacon_payload(entropy_hash.as_ref(), &beaconer.public(), &local_entropy),
		frequency_khz: 868_100,
		tx_power_dbm_x10: 140,
	};
	let mut receipt =
		BeaconReceipt { beaconer: beaconer.public(), beacon, witnesses: Default::default() };
	let reports: Vec<WitnessReport> = (0..witnesses)
		.map(|i| {
			let witness = signer(p256, 2 + i as u8);
			let at = geo::cell_at(48.8530 + 0.01 * f64::from(i + 1), 2.3499, LOCATION_RESOLUTION)
				.expect("valid");
			T::BenchmarkHelper::add_device(
				&owner,
				witness.public(),
				DeviceKind::LoraHotspot,
				Some(at),
			);
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

fn authorize_receipt<T: Config>(receipt: BeaconReceipt, signature: DeviceSignature) {
	let call = Call::<T>::submit_receipt { receipt, signature };
	let validity = call.authorize(TransactionSource::External);
	assert!(matches!(validity, Some(Ok(_))), "the receipt is valid");
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
			authorize::<T>(heartbeat, signature);
		}
	}

	#[benchmark]
	fn authorize_heartbeat_p256() {
		let signer = DeviceSigner::p256_from_secret(&[7; 32]).expect("valid scalar");
		let (heartbeat, signature) = signed_heartbeat::<T>(&signer);

		#[block]
		{
			authorize::<T>(heartbeat, signature);
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
			authorize_receipt::<T>(receipt, signature);
		}
	}

	#[benchmark]
	fn authorize_receipt_p256(w: Linear<0, MAX_WITNESSES_PER_RECEIPT>) {
		let (receipt, signature) = receipt_with::<T>(true, w);

		#[block]
		{
			authorize_receipt::<T>(receipt, signature);
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

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
