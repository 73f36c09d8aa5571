//! Unit tests of `pallet_devices`: every call, every error, and the derived counts against a
//! full recount.

use crate::{mock::*, *};
use depin_primitives::work::DeviceRegistry;
use depin_primitives::{
	density::CellDensity,
	geo::{self, H3Cell, LOCATION_RESOLUTION},
	signing::DeviceSigner,
	DeviceKey, DeviceKind, DeviceSignature, DeviceStatus,
};
use frame_support::{
	assert_noop, assert_ok,
	traits::{
		fungible::{Inspect, InspectHold},
		Hooks,
	},
};
use sp_runtime::DispatchError;

const GAIN: u16 = 12;
const ELEVATION: i32 = 5;

fn cell(lat: f64, lng: f64) -> H3Cell {
	geo::cell_at(lat, lng, LOCATION_RESOLUTION).unwrap()
}

/// Notre-Dame de Paris.
fn paris() -> H3Cell {
	cell(48.852968, 2.349902)
}

/// About 4 km west of [`paris`].
fn eiffel() -> H3Cell {
	cell(48.858370, 2.294481)
}

fn held(who: u64) -> u64 {
	Balances::balance_on_hold(&HoldReason::DeviceBond.into(), &who)
}

fn free(who: u64) -> u64 {
	Balances::balance(&who)
}

fn last_event() -> Event<Test> {
	System::events()
		.into_iter()
		.rev()
		.find_map(|record| match record.event {
			RuntimeEvent::Registry(event) => Some(event),
			_ => None,
		})
		.expect("a devices event")
}

fn register(owner: u64, signer: &DeviceSigner, kind: DeviceKind) -> DeviceKey {
	let device = signer.public();
	assert_ok!(Registry::register_device(
		RuntimeOrigin::signed(owner),
		device,
		kind,
		proof(signer, owner)
	));
	device
}

fn locate(owner: u64, device: DeviceKey, at: H3Cell) {
	assert_ok!(Registry::assert_location(
		RuntimeOrigin::signed(owner),
		device,
		at,
		GAIN,
		ELEVATION
	));
}

/// The counts of `kind` in the density parents of `at`, finest first.
fn counts_around(kind: DeviceKind, at: H3Cell) -> Vec<u32> {
	geo::density_cells(at)
		.unwrap()
		.iter()
		.map(|c| <Registry as DeviceRegistry<u64>>::cell_density(kind, *c).devices)
		.collect()
}

/// Every device of `owner`, in slot order.
fn owned(owner: u64) -> Vec<DeviceKey> {
	Registry::owned_devices(&owner, None, u32::MAX)
}

fn check_invariants() {
	Registry::do_try_state().expect("derived state equals a recount");
}

mod genesis {
	use super::*;

	fn genesis_device(
		owner: u64,
		signer: &DeviceSigner,
		location: Option<GenesisLocation>,
	) -> GenesisDevice<u64> {
		let key = match signer.public() {
			DeviceKey::Ed25519(key) => key.to_vec(),
			DeviceKey::P256(key) => key.to_vec(),
		};
		GenesisDevice { owner, key, kind: DeviceKind::LoraHotspot, location }
	}

	#[test]
	fn registers_and_locates_the_fleet_with_bonds_and_counts() {
		let located = GenesisLocation { cell: paris(), gain_dbi_x10: GAIN, elevation_m: ELEVATION };
		let fleet = vec![
			genesis_device(1, &ed25519_device(1), Some(located)),
			genesis_device(1, &p256_device(2), None),
			genesis_device(2, &ed25519_device(3), Some(located)),
		];
		new_test_ext_with(fleet).execute_with(|| {
			let first = ed25519_device(1).public();
			let info = Devices::<Test>::get(first).unwrap();
			assert_eq!((info.owner, info.status, info.bond), (1, DeviceStatus::Active, BOND));
			let location = info.location.unwrap();
			assert_eq!(
				(location.cell, location.gain_dbi_x10, location.elevation_m),
				(paris(), GAIN, ELEVATION)
			);
			assert_eq!(Devices::<Test>::get(p256_device(2).public()).unwrap().location, None);
			assert_eq!((held(1), held(2)), (2 * BOND, BOND));
			assert_eq!(
				(OwnerDeviceCount::<Test>::get(1), OwnerDeviceCount::<Test>::get(2)),
				(2, 1)
			);
			assert_eq!(info.registrations, 1);
			assert_eq!(Registry::registration_nonce(&first), 1);
			let res10 = geo::parent(paris(), 10).unwrap();
			assert_eq!(Registry::cell_density(DeviceKind::LoraHotspot, res10).devices, 2);
			check_invariants();
			// A genesis device is a device like any other.
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(3),
					first,
					DeviceKind::LoraHotspot,
					proof(&ed25519_device(1), 3)
				),
				Error::<Test>::KeyAlreadyRegistered
			);
		});
	}

	#[test]
	#[should_panic(expected = "UncompressedP256")]
	fn rejects_a_bad_key() {
		let mut device = genesis_device(1, &p256_device(2), None);
		device.key[0] = 4;
		new_test_ext_with(vec![device]);
	}

	#[test]
	#[should_panic(expected = "cannot afford its bond")]
	fn rejects_an_owner_without_the_bond() {
		new_test_ext_with(vec![genesis_device(POOR, &ed25519_device(1), None)]);
	}

	#[test]
	#[should_panic(expected = "listed twice")]
	fn rejects_a_duplicate() {
		let device = genesis_device(1, &ed25519_device(1), None);
		new_test_ext_with(vec![device.clone(), device]);
	}

	#[test]
	#[should_panic(expected = "is invalid")]
	fn rejects_a_bad_location() {
		let location = GenesisLocation { cell: paris(), gain_dbi_x10: 0, elevation_m: ELEVATION };
		new_test_ext_with(vec![genesis_device(1, &ed25519_device(1), Some(location))]);
	}
}

mod register_device {
	use super::*;

	#[test]
	fn registers_an_ed25519_device_and_holds_the_bond() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			assert_eq!(
				last_event(),
				Event::DeviceRegistered {
					device,
					owner: 1,
					kind: DeviceKind::LoraHotspot,
					bond: BOND
				}
			);
			let info = Devices::<Test>::get(device).unwrap();
			assert_eq!(info.owner, 1);
			assert_eq!(info.kind, DeviceKind::LoraHotspot);
			assert_eq!(info.status, DeviceStatus::Active);
			assert_eq!(info.location, None);
			assert_eq!(info.registered_at, 1);
			assert_eq!(info.bond, BOND);
			assert_eq!(held(1), BOND);
			assert_eq!(free(1), RICH - BOND);
			assert_eq!(owned(1), vec![device]);
			assert_eq!((info.owner_slot, OwnerDeviceCount::<Test>::get(1)), (0, 1));
			// The nonce lives in the record while the device is registered.
			assert_eq!(info.registrations, 1);
			assert!(!RegistrationNonce::<Test>::contains_key(device));
			assert_eq!(Registry::registration_nonce(&device), 1);
			assert_eq!(DeviceTally::<Test>::get(DeviceKind::LoraHotspot, DeviceStatus::Active), 1);
			// Not located yet: counted in no cell.
			assert_eq!(DevicesInCell::<Test>::iter().count(), 0);
			assert_eq!(DevicesInFineCells::<Test>::iter().count(), 0);
			check_invariants();
		});
	}

	#[test]
	fn registers_a_p256_device() {
		new_test_ext().execute_with(|| {
			let signer = p256_device(1);
			assert!(matches!(signer.public(), DeviceKey::P256(_)));
			let device = register(2, &signer, DeviceKind::Sensor);
			assert_eq!(Devices::<Test>::get(device).unwrap().owner, 2);
			assert_eq!(held(2), BOND);
			check_invariants();
		});
	}

	#[test]
	fn rejects_proofs_that_are_not_the_devices_signature_of_this_registration() {
		new_test_ext().execute_with(|| {
			let signer = ed25519_device(1);
			let device = signer.public();
			let register_with = |proof: DeviceSignature| {
				Registry::register_device(
					RuntimeOrigin::signed(1),
					device,
					DeviceKind::LoraHotspot,
					proof,
				)
			};
			// Signed for another owner.
			assert_noop!(register_with(proof(&signer, 2)), Error::<Test>::BadProof);
			// Signed by another device.
			assert_noop!(register_with(proof(&ed25519_device(2), 1)), Error::<Test>::BadProof);
			// Signed for another chain.
			let other_chain = depin_primitives::device::registration_message(
				&[1; 32],
				&codec::Encode::encode(&1u64),
				&device,
				0,
			);
			assert_noop!(register_with(signer.sign(&other_chain)), Error::<Test>::BadProof);
			// Signed at another nonce.
			let other_nonce = depin_primitives::device::registration_message(
				System::block_hash(0).as_ref(),
				&codec::Encode::encode(&1u64),
				&device,
				1,
			);
			assert_noop!(register_with(signer.sign(&other_nonce)), Error::<Test>::BadProof);
			// A P-256 signature for an Ed25519 key, and garbage.
			assert_noop!(register_with(proof(&p256_device(1), 1)), Error::<Test>::BadProof);
			assert_noop!(register_with(DeviceSignature::Ed25519([0; 64])), Error::<Test>::BadProof);
			// A P-256 key that is not on the curve.
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(1),
					DeviceKey::P256([2; 33]),
					DeviceKind::LoraHotspot,
					DeviceSignature::P256([1; 64])
				),
				Error::<Test>::BadProof
			);
		});
	}

	#[test]
	fn a_key_registers_once() {
		new_test_ext().execute_with(|| {
			let signer = ed25519_device(1);
			let device = register(1, &signer, DeviceKind::LoraHotspot);
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(1),
					device,
					DeviceKind::LoraHotspot,
					proof(&signer, 1)
				),
				Error::<Test>::KeyAlreadyRegistered
			);
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(2),
					device,
					DeviceKind::Sensor,
					proof(&signer, 2)
				),
				Error::<Test>::KeyAlreadyRegistered
			);
		});
	}

	#[test]
	fn a_deregistered_key_needs_a_fresh_proof() {
		new_test_ext().execute_with(|| {
			let signer = p256_device(3);
			let device = signer.public();
			let old_proof = proof(&signer, 1);
			register(1, &signer, DeviceKind::WifiHotspot);
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
			assert_eq!(RegistrationNonce::<Test>::get(device), 1);
			// The first proof cannot be replayed, neither by its owner nor by anyone else.
			for owner in [1, 2] {
				assert_noop!(
					Registry::register_device(
						RuntimeOrigin::signed(owner),
						device,
						DeviceKind::WifiHotspot,
						old_proof.clone()
					),
					Error::<Test>::BadProof
				);
			}
			// A fresh signature by the device, for the new owner, works.
			register(2, &signer, DeviceKind::WifiHotspot);
			assert_eq!(Devices::<Test>::get(device).unwrap().owner, 2);
			assert_eq!(Devices::<Test>::get(device).unwrap().registrations, 2);
			assert!(!RegistrationNonce::<Test>::contains_key(device));
			assert_eq!(Registry::registration_nonce(&device), 2);
			check_invariants();
		});
	}

	#[test]
	fn an_owner_holds_at_most_max_devices() {
		new_test_ext().execute_with(|| {
			for n in 1..=MAX_DEVICES as u8 {
				register(1, &ed25519_device(n), DeviceKind::Sensor);
			}
			let extra = ed25519_device(100);
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(1),
					extra.public(),
					DeviceKind::Sensor,
					proof(&extra, 1)
				),
				Error::<Test>::TooManyDevices
			);
		});
	}

	#[test]
	fn the_owner_must_afford_the_bond() {
		new_test_ext().execute_with(|| {
			let signer = ed25519_device(1);
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::signed(POOR),
					signer.public(),
					DeviceKind::Sensor,
					proof(&signer, POOR)
				),
				Error::<Test>::InsufficientBalanceForBond
			);
		});
	}

	#[test]
	fn needs_a_signed_origin() {
		new_test_ext().execute_with(|| {
			let signer = ed25519_device(1);
			assert_noop!(
				Registry::register_device(
					RuntimeOrigin::none(),
					signer.public(),
					DeviceKind::Sensor,
					proof(&signer, 1)
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn a_p256_registration_weighs_more_than_an_ed25519_one() {
		let ed = Pallet::<Test>::register_device_weight(&ed25519_device(1).public());
		let p256 = Pallet::<Test>::register_device_weight(&p256_device(1).public());
		assert!(p256.ref_time() > ed.ref_time());
	}
}

mod assert_location {
	use super::*;

	#[test]
	fn records_the_location_charges_the_fee_and_counts_the_device_in_its_cells() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			let issuance = Balances::total_issuance();
			System::set_block_number(7);
			locate(1, device, paris());
			assert_eq!(
				last_event(),
				Event::LocationAsserted {
					device,
					cell: paris(),
					gain_dbi_x10: GAIN,
					elevation_m: ELEVATION,
					fee: FEE
				}
			);
			let info = Devices::<Test>::get(device).unwrap();
			assert_eq!(
				info.location,
				Some(Location {
					cell: paris(),
					gain_dbi_x10: GAIN,
					elevation_m: ELEVATION,
					asserted_at: 7
				})
			);
			assert_eq!(info.location_changes, LocationChanges { epoch: 0, count: 1 });
			// The fee left the owner and was burnt.
			assert_eq!(free(1), RICH - BOND - FEE);
			assert_eq!(Balances::total_issuance(), issuance - FEE);
			// Counted once at every density resolution, and for its kind only.
			assert_eq!(counts_around(DeviceKind::LoraHotspot, paris()), vec![1; 7]);
			assert_eq!(counts_around(DeviceKind::WifiHotspot, paris()), vec![0; 7]);
			// One entry per coarse cell (resolutions 7 to 4), one for the fine ones (8 to 10).
			assert_eq!(DevicesInCell::<Test>::iter().count(), 4);
			let res8 = geo::parent(paris(), 8).unwrap();
			let fine = DevicesInFineCells::<Test>::get(DeviceKind::LoraHotspot, res8).unwrap();
			assert_eq!((fine.devices, fine.children.len()), (1, 2));
			assert_eq!(DevicesInFineCells::<Test>::iter().count(), 1);
			check_invariants();
		});
	}

	#[test]
	fn moving_updates_only_the_cells_that_change() {
		new_test_ext().execute_with(|| {
			let a = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			let b = register(2, &ed25519_device(2), DeviceKind::LoraHotspot);
			locate(1, a, paris());
			locate(2, b, paris());
			assert_eq!(counts_around(DeviceKind::LoraHotspot, paris()), vec![2; 7]);
			// About 4 km away: same parents from resolution 7 down to 4 (edges ≥ 1.2 km),
			// different ones at 10 to 8.
			locate(2, b, eiffel());
			let paris_parents = geo::density_cells(paris()).unwrap();
			let eiffel_parents = geo::density_cells(eiffel()).unwrap();
			for (level, (p, e)) in paris_parents.iter().zip(eiffel_parents.iter()).enumerate() {
				let count = |cell: H3Cell| {
					<Registry as DeviceRegistry<u64>>::cell_density(DeviceKind::LoraHotspot, cell)
						.devices
				};
				let (at_paris, at_eiffel) = (count(*p), count(*e));
				if p == e {
					assert_eq!(at_paris, 2, "level {level}");
				} else {
					assert_eq!((at_paris, at_eiffel), (1, 1), "level {level}");
				}
			}
			assert!(paris_parents[0] != eiffel_parents[0]);
			assert_eq!(paris_parents[6], eiffel_parents[6]);
			// Re-asserting the same cell leaves the counts alone.
			CurrentEpoch::set(1);
			locate(1, a, paris());
			assert_eq!(
				<Registry as DeviceRegistry<u64>>::cell_density(
					DeviceKind::LoraHotspot,
					paris_parents[0]
				)
				.devices,
				1
			);
			check_invariants();
		});
	}

	#[test]
	fn one_entry_counts_a_resolution_8_cell_and_its_occupied_children() {
		new_test_ext().execute_with(|| {
			let kind = DeviceKind::LoraHotspot;
			let parent = |at: H3Cell, res: u8| geo::parent(at, res).unwrap();
			let north = |step: f64| cell(48.852968 + step, 2.349902);
			// Another location in Paris's resolution-10 cell, and one in a sibling cell of the
			// same resolution-9 parent.
			let near = (1..40)
				.map(|i| north(0.00002 * i as f64))
				.find(|c| *c != paris() && parent(*c, 10) == parent(paris(), 10))
				.unwrap();
			let sibling = (1..40)
				.map(|i| north(0.0001 * i as f64))
				.find(|c| {
					parent(*c, 10) != parent(paris(), 10) && parent(*c, 9) == parent(paris(), 9)
				})
				.unwrap();
			for (n, at) in [(1, paris()), (2, near), (3, sibling)] {
				let device = register(1, &ed25519_device(n), kind);
				locate(1, device, at);
			}
			assert_eq!(counts_around(kind, paris()), vec![2, 3, 3, 3, 3, 3, 3]);
			assert_eq!(counts_around(kind, sibling), vec![1, 3, 3, 3, 3, 3, 3]);
			let fine = DevicesInFineCells::<Test>::get(kind, parent(paris(), 8)).unwrap();
			// One resolution-9 child and two resolution-10 grandchildren, sorted.
			assert_eq!(fine.devices, 3);
			let counts: Vec<u32> = fine.children.iter().map(|child| child.devices).collect();
			assert_eq!(counts.len(), 3);
			assert_eq!(counts[0], 3);
			assert!(fine.children.windows(2).all(|pair| pair[0].position < pair[1].position));
			// 9 bytes of key after the 32-byte prefix; compact counts of 1 byte each.
			let key = DevicesInFineCells::<Test>::hashed_key_for(kind, parent(paris(), 8));
			assert_eq!(key.len(), 32 + 9);
			assert_eq!(sp_io::storage::get(&key).map(|value| value.len()), Some(1 + 1 + 3 * 2));
			check_invariants();
			for n in 1..=3 {
				assert_ok!(Registry::deregister_device(
					RuntimeOrigin::signed(1),
					ed25519_device(n).public()
				));
			}
			assert_eq!(DevicesInFineCells::<Test>::iter().count(), 0);
			check_invariants();
		});
	}

	#[test]
	fn a_cell_reaching_its_target_is_counted_dense_in_its_ring() {
		new_test_ext().execute_with(|| {
			let kind = DeviceKind::LoraHotspot;
			let res7 = geo::parent(paris(), 7).unwrap();
			let ring = geo::neighbourhood(res7).unwrap();
			let dense_ring = |cell: H3Cell| Registry::cell_density(kind, cell).dense_ring;
			// Resolution 7's target is 5: the fifth device makes the cell dense.
			let devices: Vec<DeviceKey> = (1..=5u8)
				.map(|n| {
					let owner = u64::from(n);
					let device = register(owner, &ed25519_device(n), kind);
					locate(owner, device, paris());
					device
				})
				.collect();
			assert_eq!(
				Registry::cell_density(kind, res7),
				CellDensity { devices: 5, dense_ring: 1 }
			);
			for neighbour in &ring {
				assert_eq!(dense_ring(*neighbour), 1);
			}
			check_invariants();

			// Suspending one takes the cell under its target: the ring entries go.
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				devices[0],
				DeviceStatus::Suspended
			));
			assert_eq!(
				Registry::cell_density(kind, res7),
				CellDensity { devices: 4, dense_ring: 0 }
			);
			for neighbour in ring.iter().filter(|cell| **cell != res7) {
				assert!(!DevicesInCell::<Test>::contains_key(kind, neighbour));
			}
			check_invariants();
		});
	}

	#[test]
	fn validates_the_cell_gain_and_elevation() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			let call = |cell: H3Cell, gain: u16, elevation: i32| {
				Registry::assert_location(RuntimeOrigin::signed(1), device, cell, gain, elevation)
			};
			assert_noop!(call(0, GAIN, ELEVATION), Error::<Test>::InvalidCell);
			assert_noop!(call(u64::MAX, GAIN, ELEVATION), Error::<Test>::InvalidCell);
			assert_noop!(call(paris() + 1, GAIN, ELEVATION), Error::<Test>::InvalidCell);
			let coarse = geo::parent(paris(), 11).unwrap();
			assert_noop!(call(coarse, GAIN, ELEVATION), Error::<Test>::WrongResolution);
			let fine = geo::cell_at(48.852968, 2.349902, 15).unwrap();
			assert_noop!(call(fine, GAIN, ELEVATION), Error::<Test>::WrongResolution);
			assert_noop!(call(paris(), 9, ELEVATION), Error::<Test>::GainOutOfRange);
			assert_noop!(call(paris(), 151, ELEVATION), Error::<Test>::GainOutOfRange);
			assert_noop!(call(paris(), GAIN, -501), Error::<Test>::ElevationOutOfRange);
			assert_noop!(call(paris(), GAIN, 10_001), Error::<Test>::ElevationOutOfRange);
			// The bounds themselves are fine.
			assert_ok!(call(paris(), 10, -500));
			assert_ok!(call(paris(), 150, 10_000));
		});
	}

	#[test]
	fn is_limited_per_epoch() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			for _ in 0..MAX_CHANGES {
				locate(1, device, paris());
			}
			assert_noop!(
				Registry::assert_location(
					RuntimeOrigin::signed(1),
					device,
					eiffel(),
					GAIN,
					ELEVATION
				),
				Error::<Test>::TooManyLocationChanges
			);
			CurrentEpoch::set(1);
			locate(1, device, eiffel());
			assert_eq!(
				Devices::<Test>::get(device).unwrap().location_changes,
				LocationChanges { epoch: 1, count: 1 }
			);
		});
	}

	#[test]
	fn only_the_owner_of_a_known_device_that_is_not_denied_may_assert() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			let call = |who: u64, device: DeviceKey| {
				Registry::assert_location(
					RuntimeOrigin::signed(who),
					device,
					paris(),
					GAIN,
					ELEVATION,
				)
			};
			assert_noop!(call(2, device), Error::<Test>::NotOwner);
			assert_noop!(call(1, ed25519_device(9).public()), Error::<Test>::UnknownDevice);
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				device,
				DeviceStatus::Denied
			));
			assert_noop!(call(1, device), Error::<Test>::DeviceDenied);
		});
	}

	#[test]
	fn the_owner_must_afford_the_fee() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			// Leave the owner with the fee but not the existential deposit above it.
			assert_ok!(Balances::transfer_allow_death(
				RuntimeOrigin::signed(1),
				2,
				RICH - BOND - FEE
			));
			assert_noop!(
				Registry::assert_location(
					RuntimeOrigin::signed(1),
					device,
					paris(),
					GAIN,
					ELEVATION
				),
				Error::<Test>::InsufficientBalanceForFee
			);
		});
	}
}

mod transfer_device {
	use super::*;

	#[test]
	fn moves_the_device_and_its_bond() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			locate(1, device, paris());
			assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), device, 2));
			assert_eq!(last_event(), Event::DeviceTransferred { device, from: 1, to: 2 });
			assert_eq!(Devices::<Test>::get(device).unwrap().owner, 2);
			assert_eq!((held(1), held(2)), (0, BOND));
			assert_eq!(free(1), RICH - BOND - FEE);
			assert_eq!(free(2), RICH);
			assert!(owned(1).is_empty());
			assert_eq!(owned(2), vec![device]);
			assert_eq!(
				(OwnerDeviceCount::<Test>::get(1), OwnerDeviceCount::<Test>::get(2)),
				(0, 1)
			);
			assert!(!OwnerDeviceCount::<Test>::contains_key(1));
			// Location and cell counts are the device's, not the owner's.
			assert_eq!(counts_around(DeviceKind::LoraHotspot, paris()), vec![1; 7]);
			// The new owner manages it now.
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(2), device));
			assert_eq!((held(2), free(2)), (0, RICH + BOND));
			check_invariants();
		});
	}

	#[test]
	fn rejects_bad_transfers() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
			let transfer = |who: u64, device: DeviceKey, to: u64| {
				Registry::transfer_device(RuntimeOrigin::signed(who), device, to)
			};
			assert_noop!(transfer(2, device, 3), Error::<Test>::NotOwner);
			assert_noop!(transfer(1, ed25519_device(9).public(), 3), Error::<Test>::UnknownDevice);
			assert_noop!(transfer(1, device, 1), Error::<Test>::TransferToSelf);
			for n in 10..10 + MAX_DEVICES as u8 {
				register(3, &ed25519_device(n), DeviceKind::Sensor);
			}
			assert_noop!(transfer(1, device, 3), Error::<Test>::TooManyDevices);
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				device,
				DeviceStatus::Denied
			));
			assert_noop!(transfer(1, device, 2), Error::<Test>::DeviceDenied);
		});
	}

	#[test]
	fn the_new_owner_must_exist() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
			assert_noop!(
				Registry::transfer_device(RuntimeOrigin::signed(1), device, NOBODY),
				Error::<Test>::CannotReceiveBond
			);
			assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), device, 2));
			check_invariants();
		});
	}
}

mod owner_index {
	use super::*;
	use alloc::collections::BTreeSet;

	/// Every device of `owner`, read a page of `limit` at a time.
	fn paged(owner: u64, limit: u32) -> Vec<DeviceKey> {
		let mut devices = Vec::new();
		let mut after = None;
		loop {
			let page = Registry::devices_page(&owner, after, limit);
			devices.extend(page.devices.iter().map(|details| details.device));
			match page.next {
				Some(next) => after = Some(next),
				None => return devices,
			}
		}
	}

	#[test]
	fn spans_pages_and_stays_gapless_through_removals_and_transfers() {
		new_test_ext().execute_with(|| {
			OwnerDeviceLimit::set(80);
			assert_ok!(Balances::force_set_balance(RuntimeOrigin::root(), 1, 100 * RICH));
			let keys: Vec<DeviceKey> =
				(1..=70).map(|n| register(1, &ed25519_device(n), DeviceKind::Sensor)).collect();
			assert_eq!(owned(1), keys);
			assert_eq!(paged(1, 7), keys);
			assert_eq!(OwnedDevices::<Test>::iter_prefix(1).count(), 3);
			// Removing the first device moves the last one into its slot.
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), keys[0]));
			assert_eq!(Devices::<Test>::get(keys[69]).unwrap().owner_slot, 0);
			assert_eq!(owned(1)[0], keys[69]);
			assert_eq!(OwnedDevices::<Test>::get(1, 2).len(), 70 - 1 - 2 * 32);
			check_invariants();

			let mut mine: BTreeSet<DeviceKey> = keys[1..].iter().copied().collect();
			let mut theirs = BTreeSet::new();
			let mut state = 7u64;
			for step in 0..60 {
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				let device = *mine.iter().nth(state as usize % mine.len()).unwrap();
				mine.remove(&device);
				if step % 2 == 0 {
					assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), device, 2));
					theirs.insert(device);
				} else {
					assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
				}
				check_invariants();
				let listed = paged(1, 7);
				assert_eq!(listed.len(), mine.len(), "step {step}: a device listed twice");
				assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), mine, "step {step}");
				assert_eq!(owned(2).into_iter().collect::<BTreeSet<_>>(), theirs);
			}
			// 9 and 30 devices: one page each, the emptied pages removed.
			assert_eq!(OwnedDevices::<Test>::iter_prefix(1).count(), 1);
			assert_eq!(OwnedDevices::<Test>::iter_prefix(2).count(), 1);
		});
	}

	#[test]
	fn a_cursor_the_owner_no_longer_holds_starts_over() {
		new_test_ext().execute_with(|| {
			let keys: Vec<DeviceKey> =
				(1..=3).map(|n| register(1, &ed25519_device(n), DeviceKind::Sensor)).collect();
			assert_eq!(Registry::owned_devices(&1, Some(&keys[0]), 10), keys[1..].to_vec());
			assert_ok!(Registry::transfer_device(RuntimeOrigin::signed(1), keys[0], 2));
			assert_eq!(Registry::owned_devices(&1, Some(&keys[0]), 10), owned(1));
			assert_eq!(owned(1), vec![keys[2], keys[1]]);
			assert_eq!(
				Registry::owned_devices(&1, Some(&ed25519_device(9).public()), 1),
				[keys[2]]
			);
		});
	}
}

mod deregister_device {
	use super::*;

	#[test]
	fn releases_the_bond_and_clears_indices_and_counts() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			locate(1, device, paris());
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
			assert_eq!(last_event(), Event::DeviceDeregistered { device, owner: 1, bond: BOND });
			assert!(Devices::<Test>::get(device).is_none());
			assert_eq!((held(1), free(1)), (0, RICH - FEE));
			assert!(owned(1).is_empty());
			assert_eq!(OwnedDevices::<Test>::iter().count(), 0);
			assert!(!OwnerDeviceCount::<Test>::contains_key(1));
			assert_eq!(RegistrationNonce::<Test>::get(device), 1);
			assert_eq!(DevicesInCell::<Test>::iter().count(), 0);
			assert_eq!(DevicesInFineCells::<Test>::iter().count(), 0);
			assert_eq!(DeviceTally::<Test>::iter().count(), 0);
			check_invariants();
		});
	}

	#[test]
	fn rejects_bad_deregistrations() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
			assert_noop!(
				Registry::deregister_device(RuntimeOrigin::signed(2), device),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Registry::deregister_device(RuntimeOrigin::signed(1), ed25519_device(2).public()),
				Error::<Test>::UnknownDevice
			);
			// A denied device keeps its key and bond until governance lifts the denial.
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				device,
				DeviceStatus::Denied
			));
			assert_noop!(
				Registry::deregister_device(RuntimeOrigin::signed(1), device),
				Error::<Test>::DeviceDenied
			);
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				device,
				DeviceStatus::Active
			));
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), device));
		});
	}
}

mod governance {
	use super::*;

	#[test]
	fn status_changes_move_the_device_in_and_out_of_the_cell_counts() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::FiveGHotspot);
			locate(1, device, paris());
			let kind = DeviceKind::FiveGHotspot;
			for (status, counted) in [
				(DeviceStatus::Suspended, 0),
				(DeviceStatus::Active, 1),
				(DeviceStatus::Denied, 0),
				(DeviceStatus::Suspended, 0),
				(DeviceStatus::Active, 1),
			] {
				assert_ok!(Registry::set_device_status(RuntimeOrigin::root(), device, status));
				assert_eq!(last_event(), Event::DeviceStatusChanged { device, status });
				assert_eq!(Devices::<Test>::get(device).unwrap().status, status);
				assert_eq!(counts_around(kind, paris()), vec![counted; 7]);
				assert_eq!(DeviceTally::<Test>::get(kind, status), 1);
				check_invariants();
			}
			// A suspended device is still managed by its owner.
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				device,
				DeviceStatus::Suspended
			));
			locate(1, device, eiffel());
			assert_eq!(counts_around(kind, eiffel()), vec![0; 7]);
			check_invariants();
		});
	}

	#[test]
	fn rejects_bad_status_changes() {
		new_test_ext().execute_with(|| {
			let device = register(1, &ed25519_device(1), DeviceKind::Sensor);
			assert_noop!(
				Registry::set_device_status(
					RuntimeOrigin::signed(1),
					device,
					DeviceStatus::Suspended
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Registry::set_device_status(
					RuntimeOrigin::root(),
					ed25519_device(2).public(),
					DeviceStatus::Suspended
				),
				Error::<Test>::UnknownDevice
			);
			assert_noop!(
				Registry::set_device_status(RuntimeOrigin::root(), device, DeviceStatus::Active),
				Error::<Test>::StatusUnchanged
			);
		});
	}

	#[test]
	fn edges_are_denied_and_allowed() {
		new_test_ext().execute_with(|| {
			let (a, b) = (ed25519_device(1).public(), p256_device(2).public());
			assert_noop!(
				Registry::deny_edge(RuntimeOrigin::signed(1), a, b),
				DispatchError::BadOrigin
			);
			assert_noop!(Registry::deny_edge(RuntimeOrigin::root(), a, a), Error::<Test>::SelfEdge);
			assert_noop!(
				Registry::allow_edge(RuntimeOrigin::root(), a, b),
				Error::<Test>::EdgeNotDenied
			);
			assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), a, b));
			assert_eq!(last_event(), Event::EdgeDenied { beaconer: a, witness: b });
			assert_eq!(Registry::denied_witnesses(&a), vec![b]);
			// Edges are directed.
			assert!(Registry::denied_witnesses(&b).is_empty());
			assert_noop!(
				Registry::deny_edge(RuntimeOrigin::root(), a, b),
				Error::<Test>::EdgeAlreadyDenied
			);
			assert_noop!(
				Registry::allow_edge(RuntimeOrigin::signed(1), a, b),
				DispatchError::BadOrigin
			);
			assert_ok!(Registry::allow_edge(RuntimeOrigin::root(), a, b));
			assert_eq!(last_event(), Event::EdgeAllowed { beaconer: a, witness: b });
			assert!(!DeniedWitnesses::<Test>::contains_key(a));
		});
	}

	#[test]
	fn a_deny_list_stays_sorted_and_bounded() {
		new_test_ext().execute_with(|| {
			let beaconer = ed25519_device(1).public();
			let mut witnesses: Vec<DeviceKey> =
				(2..=4).map(|seed| ed25519_device(seed).public()).collect();
			for witness in &witnesses[..MAX_DENIED_WITNESSES as usize] {
				assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), beaconer, *witness));
			}
			assert_noop!(
				Registry::deny_edge(RuntimeOrigin::root(), beaconer, witnesses[2]),
				Error::<Test>::TooManyDeniedWitnesses
			);
			let mut denied = witnesses[..2].to_vec();
			denied.sort();
			assert_eq!(Registry::denied_witnesses(&beaconer), denied);

			// Allowing one edge keeps the other; the freed place takes a new one, in order.
			assert_ok!(Registry::allow_edge(RuntimeOrigin::root(), beaconer, witnesses[0]));
			assert_ok!(Registry::deny_edge(RuntimeOrigin::root(), beaconer, witnesses[2]));
			witnesses.remove(0);
			witnesses.sort();
			assert_eq!(Registry::denied_witnesses(&beaconer), witnesses);
			assert_noop!(
				Registry::allow_edge(RuntimeOrigin::root(), beaconer, ed25519_device(1).public()),
				Error::<Test>::EdgeNotDenied
			);
		});
	}

	#[test]
	fn params_change_and_a_new_bond_applies_to_new_registrations_only() {
		new_test_ext().execute_with(|| {
			assert_eq!(
				Params::<Test>::get(),
				DeviceParams {
					device_bond: BOND,
					location_fee: FEE,
					max_location_changes_per_epoch: MAX_CHANGES
				}
			);
			let old = register(1, &ed25519_device(1), DeviceKind::Sensor);
			let params = DeviceParams {
				device_bond: 250,
				location_fee: 1,
				max_location_changes_per_epoch: 5,
			};
			assert_noop!(
				Registry::set_params(RuntimeOrigin::signed(1), params),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Registry::set_params(
					RuntimeOrigin::root(),
					DeviceParams { max_location_changes_per_epoch: 0, ..params }
				),
				Error::<Test>::ZeroLocationChanges
			);
			assert_ok!(Registry::set_params(RuntimeOrigin::root(), params));
			assert_eq!(last_event(), Event::ParamsChanged { params });
			let new = register(1, &ed25519_device(2), DeviceKind::Sensor);
			assert_eq!(held(1), BOND + 250);
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), old));
			assert_eq!(held(1), 250);
			assert_ok!(Registry::deregister_device(RuntimeOrigin::signed(1), new));
			assert_eq!((held(1), free(1)), (0, RICH));
		});
	}

	#[test]
	fn integrity_test_passes() {
		new_test_ext().execute_with(Registry::integrity_test);
	}
}

/// Random sequences of every call, checking after each step that every derived count equals
/// a full recount (the `try_state` check) and that a failed call changed nothing.
#[test]
fn derived_counts_always_equal_a_recount() {
	// A small neighbourhood so that devices share cells at every resolution.
	let spots: Vec<H3Cell> = (0..6)
		.map(|i| cell(48.85 + 0.002 * i as f64, 2.35 + 0.003 * (i % 3) as f64))
		.chain([eiffel(), cell(48.90, 2.40)])
		.collect();
	let signers: Vec<DeviceSigner> =
		(1..=8).map(ed25519_device).chain((1..=2).map(p256_device)).collect();
	let statuses = [DeviceStatus::Active, DeviceStatus::Suspended, DeviceStatus::Denied];
	// Successful calls per operation, so that the test is known to exercise every path.
	let mut succeeded = [0u32; 7];

	for seed in 1..=40u64 {
		new_test_ext().execute_with(|| {
			let mut state = seed;
			let mut next = |bound: usize| {
				// xorshift64: deterministic, so a failing seed replays.
				state ^= state << 13;
				state ^= state >> 7;
				state ^= state << 17;
				(state % bound as u64) as usize
			};
			for step in 0..150 {
				let signer = &signers[next(signers.len())];
				let device = signer.public();
				let owner = 1 + next(3) as u64;
				let before = sp_io::storage::root(sp_runtime::StateVersion::V1);
				let operation = next(7);
				let result = match operation {
					0 | 1 => Registry::register_device(
						RuntimeOrigin::signed(owner),
						device,
						DeviceKind::ALL[next(DeviceKind::ALL.len())],
						proof(signer, owner),
					),
					2 | 3 => Registry::assert_location(
						RuntimeOrigin::signed(owner),
						device,
						spots[next(spots.len())],
						GAIN,
						ELEVATION,
					),
					4 => Registry::set_device_status(
						RuntimeOrigin::root(),
						device,
						statuses[next(statuses.len())],
					),
					5 => Registry::transfer_device(
						RuntimeOrigin::signed(owner),
						device,
						1 + next(3) as u64,
					),
					_ => Registry::deregister_device(RuntimeOrigin::signed(owner), device),
				};
				if result.is_ok() {
					succeeded[operation] += 1;
				} else {
					assert_eq!(
						before,
						sp_io::storage::root(sp_runtime::StateVersion::V1),
						"seed {seed} step {step}: a failed call changed storage"
					);
				}
				if let Err(error) = Registry::do_try_state() {
					panic!("seed {seed} step {step}: {error:?}");
				}
				if step % 20 == 19 {
					CurrentEpoch::mutate(|epoch| *epoch += 1);
				}
			}
		});
	}
	assert!(succeeded.iter().all(|count| *count >= 20), "too few successful calls: {succeeded:?}");
}

mod queries {
	use super::*;

	const OWNER: u64 = 1;

	#[test]
	fn report_devices_pages_cells_and_tallies() {
		new_test_ext().execute_with(|| {
			let signers = [ed25519_device(1), p256_device(2), ed25519_device(3)];
			let keys: Vec<DeviceKey> =
				signers.iter().map(|s| register(OWNER, s, DeviceKind::LoraHotspot)).collect();
			locate(OWNER, keys[0], paris());
			locate(OWNER, keys[1], eiffel());
			assert_ok!(Registry::set_device_status(
				RuntimeOrigin::root(),
				keys[2],
				DeviceStatus::Suspended
			));

			let details = Registry::device_details(&keys[1]).unwrap();
			assert_eq!((details.info.owner, details.info.registrations), (OWNER, 1));
			assert_eq!(details.info.location.unwrap().cell, eiffel());
			assert_eq!(Registry::device_details(&ed25519_device(9).public()), None);

			let first = Registry::devices_page(&OWNER, None, 2);
			assert_eq!((first.devices.len(), first.total), (2, 3));
			let second = Registry::devices_page(&OWNER, first.next, 2);
			assert_eq!((second.devices.len(), second.next), (1, None));
			let mut seen: Vec<DeviceKey> =
				first.devices.iter().chain(&second.devices).map(|d| d.device).collect();
			seen.sort();
			let mut all = keys.clone();
			all.sort();
			assert_eq!(seen, all);
			assert!(Registry::devices_page(&NOBODY, None, 10).devices.is_empty());

			// Both located devices are within 5 km of each other: one resolution-5 cell.
			let city = geo::parent(paris(), 5).unwrap();
			assert_eq!(
				Registry::cell_devices(city),
				Some(CellDevices {
					cell: city,
					resolution: 5,
					active: vec![KindCount { kind: DeviceKind::LoraHotspot, count: 2 }],
				})
			);
			assert_eq!(Registry::cell_devices(paris()), None, "resolution 12 is not counted");
			assert_eq!(Registry::cell_devices(0x1234), None, "not a cell");

			let stats = Registry::device_stats();
			assert_eq!((stats.total, stats.active), (3, 2));
			assert_eq!(
				stats.by_kind[0],
				KindStats { kind: DeviceKind::LoraHotspot, active: 2, suspended: 1, denied: 0 }
			);
			assert_eq!(stats.by_kind.len(), DeviceKind::ALL.len());
		});
	}
}
