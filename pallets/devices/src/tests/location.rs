//! `assert_location`: cells, gains, elevations, fees, the per-epoch limit and the density counts.

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
		// The fee left the owner for the treasury.
		assert_eq!(free(1), RICH - BOND - FEE);
		assert_eq!(free(TREASURY), 1 + FEE);
		assert_eq!(Balances::total_issuance(), issuance);
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
			.find(|c| parent(*c, 10) != parent(paris(), 10) && parent(*c, 9) == parent(paris(), 9))
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
		assert_eq!(Registry::cell_density(kind, res7), CellDensity { devices: 5, dense_ring: 1 });
		for neighbour in &ring {
			assert_eq!(dense_ring(*neighbour), 1);
		}
		check_invariants();

		// Suspending one takes the cell under its target: the ring entries go.
		assert_ok!(set_status(devices[0], DeviceStatus::Suspended));
		assert_eq!(Registry::cell_density(kind, res7), CellDensity { devices: 4, dense_ring: 0 });
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
			Registry::assert_location(RuntimeOrigin::signed(1), device, eiffel(), GAIN, ELEVATION),
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
			Registry::assert_location(RuntimeOrigin::signed(who), device, paris(), GAIN, ELEVATION)
		};
		assert_noop!(call(2, device), Error::<Test>::NotOwner);
		assert_noop!(call(1, ed25519_device(9).public()), Error::<Test>::UnknownDevice);
		assert_ok!(set_status(device, DeviceStatus::Denied));
		assert_noop!(call(1, device), Error::<Test>::DeviceDenied);
	});
}

#[test]
fn the_owner_must_afford_the_fee() {
	new_test_ext().execute_with(|| {
		let device = register(1, &ed25519_device(1), DeviceKind::LoraHotspot);
		// Leave the owner with the fee but not the existential deposit above it.
		assert_ok!(Balances::transfer_allow_death(RuntimeOrigin::signed(1), 2, RICH - BOND - FEE));
		assert_noop!(
			Registry::assert_location(RuntimeOrigin::signed(1), device, paris(), GAIN, ELEVATION),
			Error::<Test>::InsufficientBalanceForFee
		);
	});
}
