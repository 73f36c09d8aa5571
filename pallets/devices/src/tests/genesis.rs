//! Genesis devices: registered and located as the calls would, or genesis fails.

use super::*;

fn genesis_device(
	owner: u64,
	signer: &DeviceSigner,
	location: Option<GenesisLocation>,
) -> GenesisDevice<u64> {
	let key = signer.public().as_bytes().to_vec();
	GenesisDevice { owner, key, kind: DeviceKind::LoraHotspot, location, certificate: None }
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
		assert_eq!((info.owner, info.status(), info.bond), (1, DeviceStatus::Active, BOND));
		let location = info.location.unwrap();
		assert_eq!(
			(location.cell, location.gain_dbi_x10, location.elevation_m),
			(paris(), GAIN, ELEVATION)
		);
		assert_eq!(Devices::<Test>::get(p256_device(2).public()).unwrap().location, None);
		assert_eq!((held(1), held(2)), (2 * BOND, BOND));
		assert_eq!((OwnerDeviceCount::<Test>::get(1), OwnerDeviceCount::<Test>::get(2)), (2, 1));
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
				proof(&ed25519_device(1), 3),
				None
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
