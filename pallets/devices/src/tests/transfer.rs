//! `transfer_device`: the device and its bond move to the new owner.

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
		assert_eq!((OwnerDeviceCount::<Test>::get(1), OwnerDeviceCount::<Test>::get(2)), (0, 1));
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
		assert_ok!(set_status(device, DeviceStatus::Denied));
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
