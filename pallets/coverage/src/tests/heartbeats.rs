//! The epoch clock and heartbeats.

use super::last_event;
use crate::{mock::*, *};
use depin_primitives::{
	device::heartbeat_message,
	signing::DeviceSigner,
	work::{WorkCategory, WorkTotals, REWARD_UNIT},
	DeviceKind, DeviceSignature, SanctionStatus,
};
use depin_test_utils::{charged, measured};
use frame_support::{
	assert_noop, assert_ok,
	dispatch::{GetDispatchInfo, Pays},
	pallet_prelude::{InvalidTransaction, TransactionSource, TransactionValidityError},
	traits::{Authorize, UnfilteredDispatchable},
	weights::Weight,
};
use sp_runtime::{
	traits::{TransactionExtension, TxBaseImplication},
	DispatchError,
};

fn authorized() -> RuntimeOrigin {
	frame_system::RawOrigin::Authorized.into()
}

mod epochs {
	use super::*;

	#[test]
	fn an_epoch_closes_after_epoch_length_blocks_and_hands_over_its_totals() {
		new_test_ext().execute_with(|| {
			assert_eq!((CurrentEpoch::<Test>::get(), EpochStart::<Test>::get()), (0, 0));
			run_to_block(EPOCH_LENGTH - 1);
			assert_eq!(CurrentEpoch::<Test>::get(), 0);
			assert!(ClosedEpochs::get().is_empty());

			let sensor = DeviceSigner::ed25519_from_seed(&[1; 32]);
			let device = register(&sensor, DeviceKind::Sensor);
			let heartbeat = Heartbeat { device, epoch: 0 };
			let signature = sensor.sign(&Coverage::heartbeat_message_for(&device, 0));
			assert_ok!(Coverage::submit_heartbeat(authorized(), heartbeat, signature));

			run_to_block(EPOCH_LENGTH);
			let totals = WorkTotals { beacon: 0, witness: 0, uptime: REWARD_UNIT };
			let proofs = ProofCounts { heartbeats: 1, ..Default::default() };
			assert_eq!(last_event(), Event::EpochClosed { epoch: 0, totals, proofs });
			assert_eq!(ClosedEpochs::get(), vec![(0, totals)]);
			assert_eq!((CurrentEpoch::<Test>::get(), EpochStart::<Test>::get()), (1, EPOCH_LENGTH));
			assert_eq!(CurrentEpochActivity::<Test>::get(), EpochActivity::default());

			run_to_block(3 * EPOCH_LENGTH);
			assert_eq!(CurrentEpoch::<Test>::get(), 3);
			assert_eq!(
				ClosedEpochs::get().iter().map(|(epoch, _)| *epoch).collect::<Vec<_>>(),
				vec![0, 1, 2]
			);
			// The registry reads the same clock.
			assert_eq!(<Coverage as depin_primitives::EpochClock>::current_epoch(), 3);
		});
	}

	#[test]
	fn root_changes_the_length_of_the_current_epoch() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				Coverage::set_epoch_length(RuntimeOrigin::signed(1), 5),
				DispatchError::BadOrigin
			);
			assert_noop!(
				Coverage::set_epoch_length(RuntimeOrigin::root(), 1),
				Error::<Test>::EpochLengthTooShort
			);
			assert_ok!(Coverage::set_epoch_length(RuntimeOrigin::root(), 2));
			assert_eq!(last_event(), Event::EpochLengthChanged { length: 2 });
			run_to_block(2);
			assert_eq!(CurrentEpoch::<Test>::get(), 1);
			run_to_block(4);
			assert_eq!(CurrentEpoch::<Test>::get(), 2);
		});
	}
}

mod submit_heartbeat {
	use super::*;

	struct Sensor {
		signer: DeviceSigner,
		heartbeat: Heartbeat,
	}

	impl Sensor {
		fn new(signer: DeviceSigner, kind: DeviceKind) -> Self {
			let device = register(&signer, kind);
			Sensor { signer, heartbeat: Heartbeat { device, epoch: CurrentEpoch::<Test>::get() } }
		}
		fn signature(&self) -> DeviceSignature {
			self.signer.sign(&Coverage::heartbeat_message_for(
				&self.heartbeat.device,
				self.heartbeat.epoch,
			))
		}
		fn call(&self) -> Call<Test> {
			Call::submit_heartbeat { heartbeat: self.heartbeat, signature: self.signature() }
		}
	}

	fn ed25519_sensor() -> Sensor {
		Sensor::new(DeviceSigner::ed25519_from_seed(&[1; 32]), DeviceKind::Sensor)
	}

	fn rejected_with(call: &Call<Test>, error: Error<Test>) {
		let expected: TransactionValidityError = crate::impl_heartbeats::invalid::<Test>(error);
		assert_eq!(call.authorize(TransactionSource::External), Some(Err(expected)));
	}

	#[test]
	fn an_authorized_heartbeat_earns_one_uptime_unit() {
		new_test_ext().execute_with(|| {
			for sensor in [
				ed25519_sensor(),
				Sensor::new(DeviceSigner::p256_from_secret(&[2; 32]).unwrap(), DeviceKind::Compute),
			] {
				let (validity, refund) =
					sensor.call().authorize(TransactionSource::External).unwrap().unwrap();
				assert_eq!(refund, Weight::zero());
				assert_eq!(validity.longevity, EPOCH_LENGTH - 1);
				assert_eq!(validity.provides.len(), 1);

				assert_ok!(Coverage::submit_heartbeat(
					authorized(),
					sensor.heartbeat,
					sensor.signature()
				));
				let device = sensor.heartbeat.device;
				assert_eq!(
					last_event(),
					Event::HeartbeatAccepted { device, epoch: 0, units: REWARD_UNIT }
				);
				assert_eq!(LastHeartbeat::<Test>::get(device), Some(0));
				assert_eq!(
					Credits::get().last(),
					Some(&(0, device, WorkCategory::Uptime, REWARD_UNIT))
				);
			}
			let activity = CurrentEpochActivity::<Test>::get();
			assert_eq!((activity.units.uptime, activity.proofs.heartbeats), (2 * REWARD_UNIT, 2));
		});
	}

	#[test]
	fn a_device_with_no_tokens_submits_through_the_authorize_call_extension() {
		new_test_ext().execute_with(|| {
			let sensor = ed25519_sensor();
			let call = RuntimeCall::Coverage(sensor.call());
			let info = call.get_dispatch_info();
			// Device proofs never pay: the extension turns the unsigned origin into
			// `Authorized`, which fee payment does not charge.
			assert_eq!(info.pays_fee, Pays::Yes);
			let (_, _, origin) = frame_system::AuthorizeCall::<Test>::new()
				.validate(
					RuntimeOrigin::none(),
					&call,
					&info,
					0,
					(),
					&TxBaseImplication(&call),
					TransactionSource::External,
				)
				.expect("authorized");
			assert!(matches!(
				origin.caller,
				OriginCaller::system(frame_system::RawOrigin::Authorized)
			));
			assert_ok!(call.dispatch_bypass_filter(origin));
			assert_eq!(LastHeartbeat::<Test>::get(sensor.heartbeat.device), Some(0));
		});
	}

	#[test]
	fn one_heartbeat_per_device_per_epoch() {
		new_test_ext().execute_with(|| {
			let mut sensor = ed25519_sensor();
			assert_ok!(Coverage::submit_heartbeat(
				authorized(),
				sensor.heartbeat,
				sensor.signature()
			));
			rejected_with(&sensor.call(), Error::HeartbeatAlreadyAccepted);
			assert_noop!(
				Coverage::submit_heartbeat(
					RuntimeOrigin::signed(OWNER),
					sensor.heartbeat,
					sensor.signature()
				),
				Error::<Test>::HeartbeatAlreadyAccepted
			);
			run_to_block(EPOCH_LENGTH);
			sensor.heartbeat.epoch = 1;
			assert_ok!(Coverage::submit_heartbeat(
				authorized(),
				sensor.heartbeat,
				sensor.signature()
			));
		});
	}

	#[test]
	fn a_revoked_maker_stops_its_devices_heartbeats() {
		new_test_ext().execute_with(|| {
			let signer = DeviceSigner::ed25519_from_seed(&[5; 32]);
			let device = register_certified(&signer, DeviceKind::Sensor, 1);
			let sensor = Sensor { signer, heartbeat: Heartbeat { device, epoch: 0 } };
			assert_ok!(Makers::set_maker_status(
				RuntimeOrigin::root(),
				0,
				pallet_makers::MakerStatus::Revoked
			));
			rejected_with(&sensor.call(), Error::MakerRevoked);
			assert_ok!(Makers::set_maker_status(
				RuntimeOrigin::root(),
				0,
				pallet_makers::MakerStatus::Active
			));
			assert!(sensor.call().authorize(TransactionSource::External).unwrap().is_ok());
		});
	}

	#[test]
	fn heartbeats_for_another_epoch_are_rejected() {
		new_test_ext().execute_with(|| {
			let mut sensor = ed25519_sensor();
			sensor.heartbeat.epoch = 1;
			rejected_with(&sensor.call(), Error::WrongEpoch);
			run_to_block(2 * EPOCH_LENGTH);
			sensor.heartbeat.epoch = 1;
			rejected_with(&sensor.call(), Error::WrongEpoch);
			sensor.heartbeat.epoch = 2;
			assert!(sensor.call().authorize(TransactionSource::External).unwrap().is_ok());
		});
	}

	#[test]
	fn only_active_registered_non_radio_devices_send_heartbeats() {
		new_test_ext().execute_with(|| {
			let hotspot =
				Sensor::new(DeviceSigner::ed25519_from_seed(&[3; 32]), DeviceKind::LoraHotspot);
			rejected_with(&hotspot.call(), Error::NotAnUptimeDevice);

			let sensor = ed25519_sensor();
			for status in [SanctionStatus::Suspended, SanctionStatus::Denied] {
				assert_ok!(sanction(sensor.heartbeat.device, status));
				rejected_with(&sensor.call(), Error::DeviceNotActive);
			}

			let unknown = DeviceSigner::ed25519_from_seed(&[9; 32]);
			let heartbeat = Heartbeat { device: unknown.public(), epoch: 0 };
			let signature = unknown.sign(&Coverage::heartbeat_message_for(&heartbeat.device, 0));
			rejected_with(&Call::submit_heartbeat { heartbeat, signature }, Error::UnknownDevice);
		});
	}

	#[test]
	fn signatures_by_another_key_or_for_another_chain_are_rejected() {
		new_test_ext().execute_with(|| {
			let sensor = ed25519_sensor();
			let other = DeviceSigner::ed25519_from_seed(&[4; 32]);
			let forged = other.sign(&Coverage::heartbeat_message_for(&sensor.heartbeat.device, 0));
			let other_chain =
				sensor.signer.sign(&heartbeat_message(&[7; 32], &sensor.heartbeat.device, 0));
			for signature in [forged, other_chain, DeviceSignature::P256([1; 64])] {
				let call = Call::submit_heartbeat {
					heartbeat: sensor.heartbeat,
					signature: signature.clone(),
				};
				rejected_with(&call, Error::BadSignature);
				assert_noop!(
					Coverage::submit_heartbeat(
						RuntimeOrigin::signed(OWNER),
						sensor.heartbeat,
						signature
					),
					Error::<Test>::BadSignature
				);
			}
		});
	}

	#[test]
	fn the_owner_may_submit_in_a_signed_transaction_and_nobody_else() {
		new_test_ext().execute_with(|| {
			let sensor = ed25519_sensor();
			assert_noop!(
				Coverage::submit_heartbeat(
					RuntimeOrigin::signed(2),
					sensor.heartbeat,
					sensor.signature()
				),
				Error::<Test>::NotOwner
			);
			assert_noop!(
				Coverage::submit_heartbeat(
					RuntimeOrigin::none(),
					sensor.heartbeat,
					sensor.signature()
				),
				DispatchError::BadOrigin
			);
			let post = Coverage::submit_heartbeat(
				RuntimeOrigin::signed(OWNER),
				sensor.heartbeat,
				sensor.signature(),
			)
			.unwrap();
			// The signed path checks the signature in the call and is charged for it.
			let check = Coverage::heartbeat_check_weight(&sensor.heartbeat.device);
			assert_eq!(
				post.actual_weight,
				Some(<Test as Config>::WeightInfo::submit_heartbeat() + check)
			);
			assert_eq!(LastHeartbeat::<Test>::get(sensor.heartbeat.device), Some(0));
		});
	}

	#[test]
	fn an_authorized_heartbeat_is_refunded_the_check_it_paid_in_authorization() {
		new_test_ext().execute_with(|| {
			let sensor = ed25519_sensor();
			let declared = sensor.call().get_dispatch_info().call_weight;
			let post =
				Coverage::submit_heartbeat(authorized(), sensor.heartbeat, sensor.signature())
					.unwrap();
			assert_eq!(post.actual_weight, Some(<Test as Config>::WeightInfo::submit_heartbeat()));
			assert!(
				declared.ref_time() > <Test as Config>::WeightInfo::submit_heartbeat().ref_time()
			);
		});
	}

	/// The code the pool reports for `error`, as docs/proof-of-coverage.md's table gives it.
	fn documented_code(name: &str) -> u8 {
		let doc = include_str!("../../../../docs/proof-of-coverage.md");
		doc.lines()
			.find_map(|line| {
				let cells: Vec<&str> = line.split('|').map(str::trim).collect();
				(cells.len() > 3 && cells[2] == format!("`{name}`"))
					.then(|| cells[1].parse().ok())?
			})
			.unwrap_or_else(|| panic!("docs/proof-of-coverage.md has no code for {name}"))
	}

	#[test]
	fn a_rejected_heartbeat_is_an_invalid_transaction_with_its_documented_code_and_changes_nothing()
	{
		new_test_ext().execute_with(|| {
			let sensor = ed25519_sensor();
			let radio =
				Sensor::new(DeviceSigner::ed25519_from_seed(&[3; 32]), DeviceKind::LoraHotspot);
			let stranger = DeviceSigner::ed25519_from_seed(&[4; 32]);
			let unknown = Sensor {
				heartbeat: Heartbeat { device: stranger.public(), epoch: 0 },
				signer: stranger,
			};
			let forged = Call::<Test>::submit_heartbeat {
				heartbeat: sensor.heartbeat,
				signature: radio.signature(),
			};
			let wrong_epoch = Sensor {
				heartbeat: Heartbeat { epoch: 1, ..sensor.heartbeat },
				signer: DeviceSigner::ed25519_from_seed(&[1; 32]),
			};
			let cases = [
				(unknown.call(), Error::<Test>::UnknownDevice),
				(radio.call(), Error::NotAnUptimeDevice),
				(wrong_epoch.call(), Error::WrongEpoch),
				(forged, Error::BadSignature),
			];
			let root = sp_io::storage::root(sp_runtime::StateVersion::V1);
			for (call, error) in cases {
				let name: &'static str = error.into();
				let code = documented_code(name);
				assert_eq!(
					call.authorize(TransactionSource::External),
					Some(Err(InvalidTransaction::Custom(code).into())),
					"{name}"
				);
			}
			assert_eq!(sp_io::storage::root(sp_runtime::StateVersion::V1), root, "nothing changed");

			assert_ok!(Coverage::submit_heartbeat(
				authorized(),
				sensor.heartbeat,
				sensor.signature()
			));
			let code = documented_code("HeartbeatAlreadyAccepted");
			assert_eq!(
				sensor.call().authorize(TransactionSource::External),
				Some(Err(InvalidTransaction::Custom(code).into()))
			);
		});
	}

	/// A heartbeat, authorized or signed by the owner, touches no more storage than its weight
	/// charges (measured, see `depin_test_utils`).
	#[test]
	fn a_heartbeat_pays_for_the_storage_it_touches() {
		count_database_weights();
		let mut ext = new_test_ext();
		let (authorized_one, signed_one) = ext.execute_with(|| {
			(
				ed25519_sensor(),
				Sensor::new(DeviceSigner::p256_from_secret(&[2; 32]).unwrap(), DeviceKind::Energy),
			)
		});
		let (signature, other) =
			ext.execute_with(|| (authorized_one.signature(), signed_one.signature()));
		let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Coverage::submit_heartbeat(authorized(), authorized_one.heartbeat, signature).unwrap()
		});
		let weighed = charged(post.actual_weight.unwrap());
		assert!(used.within(&weighed), "authorized: {used:?} > {weighed:?}");
		let (post, used) = measured::<AllPalletsWithSystem, _>(&mut ext, || {
			Coverage::submit_heartbeat(RuntimeOrigin::signed(OWNER), signed_one.heartbeat, other)
				.unwrap()
		});
		let weighed = charged(post.actual_weight.unwrap());
		assert!(used.within(&weighed), "signed: {used:?} > {weighed:?}");
	}
}
