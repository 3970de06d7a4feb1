"""The Python side of the interoperability tests: a starter and workers written against the Python sample's wire
contract with the Temporal Python SDK, so the tests prove that order-demo and the sample can share a task queue.

    python python_sample.py start --address HOST:PORT [--expiry MM/YY] [--items N] [--encrypt]
        Starts OrderWorkflow as the sample's starter does (two arguments), sends approve_order, prints the outcome
        as one JSON line.
    python python_sample.py workers --address HOST:PORT [--activities-only] [--encrypt]
        Serves order-task-queue until SIGINT or SIGTERM. Simulated work is near-instant; the names, arguments,
        timeouts, retry policies, results and heartbeat details are the contract's.

With --encrypt, payloads go through the codec of Temporal's Python encryption sample, with the key of
ORDER_DEMO_ENCRYPTION_KEY (base64) named by ORDER_DEMO_ENCRYPTION_KEY_ID: the format order-demo --encrypt writes.
"""

import argparse
import asyncio
import base64
import dataclasses
import json
import os
import secrets
import signal
import sys
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Iterable, List, Optional

import temporalio.converter
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from temporalio import activity, workflow
from temporalio.api.common.v1 import Payload
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError
from temporalio.worker import UnsandboxedWorkflowRunner, Worker

TASK_QUEUE = "order-task-queue"
SIMULATED_WORK_SECONDS = 0.05


@dataclass
class Order:
    order_id: str
    item: str
    quantity: int
    credit_card_expiry: str
    items_to_pack: List[str] = field(default_factory=list)


@dataclass
class PackingCheckpoint:
    last_processed_idx: int
    last_item_sku: str
    packing_slip_id: str


def say(line: str) -> None:
    print(line, flush=True)


def card_has_expired(expiry: str) -> bool:
    month, year = (int(part) for part in expiry.split("/"))
    now = time.gmtime()
    return (2000 + year, month) < (now.tm_year, now.tm_mon)


@activity.defn(name="process_payment")
async def process_payment(order: Order) -> str:
    if card_has_expired(order.credit_card_expiry):
        raise ApplicationError("Invalid credit card expiry", type="InvalidCreditCard", non_retryable=True)
    await asyncio.sleep(SIMULATED_WORK_SECONDS)
    return f"Payment processed for order {order.order_id}"


@activity.defn(name="reserve_inventory")
async def reserve_inventory(order: Order, inventory_down: bool) -> str:
    await asyncio.sleep(SIMULATED_WORK_SECONDS)
    return f"Inventory reserved for order {order.order_id}"


@activity.defn(name="pack_order_items")
async def pack_order_items(items: List[str]) -> str:
    info = activity.info()
    details = info.heartbeat_details
    if details:
        checkpoint = PackingCheckpoint(**details[0])
        say(
            f"python: resuming from checkpoint idx={checkpoint.last_processed_idx} "
            f"slip={checkpoint.packing_slip_id} attempt={info.attempt}"
        )
    else:
        checkpoint = PackingCheckpoint(-1, "", f"SLIP-{secrets.token_hex(4).upper()}")
        activity.heartbeat(checkpoint)
        say(f"python: acquired slip={checkpoint.packing_slip_id}")
    for index in range(checkpoint.last_processed_idx + 1, len(items)):
        await asyncio.sleep(SIMULATED_WORK_SECONDS)
        checkpoint = PackingCheckpoint(index, items[index], checkpoint.packing_slip_id)
        activity.heartbeat(checkpoint)
        say(f"python: packed {items[index]} idx={index}")
    return f"Packed {len(items)} items (slip: {checkpoint.packing_slip_id})"


@activity.defn(name="deliver_order")
async def deliver_order(order: Order) -> str:
    await asyncio.sleep(SIMULATED_WORK_SECONDS)
    return f"Order {order.order_id} delivered"


@workflow.defn(name="OrderWorkflow")
class OrderWorkflow:
    def __init__(self) -> None:
        self.approved = False

    @workflow.signal(name="approve_order")
    def approve_order(self) -> None:
        self.approved = True

    @workflow.run
    async def run(self, order: Order, inventory_down: bool = False) -> str:
        await workflow.execute_activity(
            process_payment,
            order,
            start_to_close_timeout=timedelta(seconds=10),
            retry_policy=RetryPolicy(maximum_attempts=1),
        )
        await workflow.execute_activity(
            reserve_inventory,
            args=[order, inventory_down],
            start_to_close_timeout=timedelta(seconds=15),
            retry_policy=None if inventory_down else RetryPolicy(maximum_attempts=1),
        )
        if order.items_to_pack:
            await workflow.execute_activity(
                pack_order_items,
                order.items_to_pack,
                start_to_close_timeout=timedelta(minutes=6),
                heartbeat_timeout=timedelta(seconds=30),
                retry_policy=RetryPolicy(maximum_attempts=10),
            )
        try:
            await workflow.wait_condition(lambda: self.approved, timeout=timedelta(seconds=30))
        except asyncio.TimeoutError:
            return "Order expired"
        await workflow.execute_activity(deliver_order, order, start_to_close_timeout=timedelta(seconds=10))
        return "Order fulfilled"


def failure_chain(error: Optional[BaseException]) -> List[dict]:
    chain = []
    while error is not None:
        chain.append(
            {
                "class": type(error).__name__,
                "message": getattr(error, "message", str(error)),
                "type": getattr(error, "type", None),
                "non_retryable": getattr(error, "non_retryable", None),
            }
        )
        error = error.__cause__
    return chain


class EncryptionCodec(temporalio.converter.PayloadCodec):
    """Temporal's Python encryption sample codec: AES-256-GCM over the serialized Payload, nonce first."""

    def __init__(self, key_id: str, key: bytes) -> None:
        self.key_id = key_id
        self.aesgcm = AESGCM(key)

    async def encode(self, payloads: Iterable[Payload]) -> List[Payload]:
        return [
            Payload(
                metadata={"encoding": b"binary/encrypted", "encryption-key-id": self.key_id.encode()},
                data=self.encrypt(payload.SerializeToString()),
            )
            for payload in payloads
        ]

    async def decode(self, payloads: Iterable[Payload]) -> List[Payload]:
        decoded: List[Payload] = []
        for payload in payloads:
            if payload.metadata.get("encoding", b"").decode() != "binary/encrypted":
                decoded.append(payload)
                continue
            key_id = payload.metadata.get("encryption-key-id", b"").decode()
            if key_id != self.key_id:
                raise ValueError(f"unknown encryption key id {key_id!r}, expected {self.key_id!r}")
            decoded.append(Payload.FromString(self.decrypt(payload.data)))
        return decoded

    def encrypt(self, data: bytes) -> bytes:
        nonce = os.urandom(12)
        return nonce + self.aesgcm.encrypt(nonce, data, None)

    def decrypt(self, data: bytes) -> bytes:
        return self.aesgcm.decrypt(data[:12], data[12:], None)


async def connect(args: argparse.Namespace) -> Client:
    if not args.encrypt:
        return await Client.connect(args.address)
    codec = EncryptionCodec(
        os.environ.get("ORDER_DEMO_ENCRYPTION_KEY_ID") or "order-demo-key",
        base64.b64decode(os.environ["ORDER_DEMO_ENCRYPTION_KEY"]),
    )
    converter = dataclasses.replace(temporalio.converter.default(), payload_codec=codec)
    return await Client.connect(args.address, data_converter=converter)


async def start(args: argparse.Namespace) -> None:
    client = await connect(args)
    order = Order(
        order_id="order-1",
        item="widget",
        quantity=1,
        credit_card_expiry=args.expiry,
        items_to_pack=[f"SKU-{index:03d}" for index in range(args.items)],
    )
    handle = await client.start_workflow(
        "OrderWorkflow",
        args=[order, False],
        id=f"order-{order.order_id}-{int(time.time())}-python",
        task_queue=TASK_QUEUE,
    )
    await handle.signal("approve_order")
    outcome: dict = {"workflow_id": handle.id, "run_id": handle.first_execution_run_id}
    try:
        outcome["result"] = await handle.result()
    except WorkflowFailureError as error:
        outcome["failure"] = failure_chain(error.cause)
        outcome["activity"] = error.cause.activity_type if isinstance(error.cause, ActivityError) else None
    say(json.dumps(outcome))


async def serve(args: argparse.Namespace) -> None:
    client = await connect(args)
    stop = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set)
    worker = Worker(
        client,
        task_queue=TASK_QUEUE,
        workflows=[] if args.activities_only else [OrderWorkflow],
        activities=[process_payment, reserve_inventory, pack_order_items, deliver_order],
        # Only this file's deterministic workflow runs here; the sandbox would re-import argparse and friends.
        workflow_runner=UnsandboxedWorkflowRunner(),
    )
    async with worker:
        say(f"python: {'activity worker' if args.activities_only else 'workers'} polling {TASK_QUEUE}")
        await stop.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    starter = commands.add_parser("start")
    starter.add_argument("--address", required=True)
    starter.add_argument("--expiry", default="12/30")
    starter.add_argument("--items", type=int, default=0)
    starter.add_argument("--encrypt", action="store_true")
    workers = commands.add_parser("workers")
    workers.add_argument("--address", required=True)
    workers.add_argument("--activities-only", action="store_true")
    workers.add_argument("--encrypt", action="store_true")
    args = parser.parse_args()
    asyncio.run(start(args) if args.command == "start" else serve(args))
    # The SDK's native threads can outlive asyncio.run and abort the interpreter's finalization ("PyGILState_Release:
    # thread state must be current"), turning a finished run into a crash: leave without finalizing.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
