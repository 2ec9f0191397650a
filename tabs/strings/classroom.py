"""Strings of the classroom features (sharing, QR code, rate limits). Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "classroom.title": ("Share with your class", "수업에서 함께 쓰기"),
    "classroom.links": ("Addresses and QR codes for students", "학생용 주소와 QR 코드"),
    # the page's frame, the share control, the teacher section, the System panel
    "app.start": ("Pick a tab and try an example.", "탭을 고르고 예시를 눌러 보세요."),
    "classroom.share": ("📱 Share with the class", "📱 수업에 공유"),
    "classroom.teacher": ("For teachers", "교사용"),
    "classroom.teacher_intro": (
        "Every tab runs open models from the Hugging Face Hub on this playground's shared engine, and shows the "
        "model's license and the Python that reproduces its result. **📱 Share with the class** at the top of the "
        "page shows the students' address as a large QR code; below are the class controls (pause, resume, "
        "clear the queue, who is waiting), the addresses, the fair-use settings and the diagnostics.",
        "모든 탭은 Hugging Face Hub의 공개 모델을 이 플레이그라운드의 공용 엔진에서 실행하고, 모델의 라이선스와 같은 "
        "결과를 내는 파이썬 코드를 보여 줍니다. 페이지 위쪽의 **📱 수업에 공유** 버튼을 누르면 학생용 주소가 큰 QR "
        "코드로 나옵니다. 수업 관리(멈추기, 다시 열기, 대기열 비우기, 기다리는 사람), 주소 목록, 공정 사용 설정, "
        "진단 정보는 아래에 있습니다.",
    ),
    # the share overlay (rendered by tabs.classroom.render_share in the page's language)
    "classroom.share_heading": ("Scan to open the playground", "스캔해서 플레이그라운드 열기"),
    "classroom.share_public": ("Public link", "공개 링크"),
    "classroom.share_space": ("Hugging Face Space", "Hugging Face Space"),
    "classroom.share_lan": ("Same network (Wi-Fi)", "같은 네트워크 (Wi-Fi)"),
    "classroom.share_local": ("This computer only", "이 컴퓨터 전용"),
    "classroom.copy": ("Copy link", "링크 복사"),
    "classroom.copied": ("Copied ✓", "복사됨 ✓"),
    "classroom.close": ("Close (Esc)", "닫기 (Esc)"),
    "classroom.also": ("Also:", "다른 주소:"),
    "classroom.lan_needs_wifi": ("works only for students on the same network as this computer",
                                 "이 컴퓨터와 같은 네트워크에 있는 학생만 열 수 있습니다"),
    "classroom.space_login": ("Ask students to log in to huggingface.co first: each then spends their own GPU quota.",
                              "학생들에게 먼저 huggingface.co에 로그인하라고 해 주세요. 그래야 각자의 GPU 사용량으로 "
                              "계산됩니다."),
    "classroom.only_here": (
        "Only this computer can open this address, so there is no link for students yet.",
        "지금 주소는 이 컴퓨터에서만 열리기 때문에 아직 학생용 링크가 없습니다.",
    ),
    "classroom.how_to_share": (
        "To get one, stop the playground and start it again with `--share` (a public link for any network) or "
        "`--host 0.0.0.0` (students on the same Wi-Fi), best with a password:",
        "학생용 링크를 만들려면 플레이그라운드를 멈추고 `--share` (어느 네트워크에서나 열리는 공개 링크) 또는 "
        "`--host 0.0.0.0` (같은 Wi-Fi의 학생용) 옵션으로 다시 시작하세요. 비밀번호도 함께 거는 것이 좋습니다:",
    ),
    "classroom.share_failed_page": ("`--share` was tried but made no public link:", "`--share`를 썼지만 공개 링크를 "
                                    "만들지 못했습니다:"),
    "classroom.no_password": (
        "No password: anyone who has this link can use the app and this computer. Add `--auth USER:PASS`.",
        "비밀번호가 없습니다. 이 링크를 아는 누구나 앱과 이 컴퓨터를 쓸 수 있습니다. `--auth 사용자:비밀번호`를 "
        "추가하세요.",
    ),
    # the teacher section's list of addresses and fair-use line (tabs.classroom.render_links)
    "classroom.only_here_short": (
        "Only this computer can open this address. For students: restart with `--share` (a public link) or "
        "`--host 0.0.0.0` (same network).",
        "지금 주소는 이 컴퓨터에서만 열립니다. 학생들과 함께 쓰려면 `--share` (공개 링크) 또는 `--host 0.0.0.0` "
        "(같은 네트워크) 옵션으로 다시 시작하세요.",
    ),
    "classroom.fair_use": ("Fair use", "공정 사용"),
    "classroom.pace": ("{per_minute:g} actions a minute per student (bursts of {burst}), {refused} refused so far",
                       "학생 한 명당 1분에 {per_minute:g}번 (한 번에 최대 {burst}번), 지금까지 {refused}번 거절"),
    "classroom.no_pace": ("no per-student limit", "학생별 제한 없음"),
    "classroom.pace_group": ("{per_minute:g} a minute from one address or account",
                             "주소나 계정 하나에서 1분에 {per_minute:g}번"),
    "classroom.queue_share": ("at most {per_session} jobs waiting or running per student, {per_group} per address "
                              "({refused} refused)",
                              "학생 한 명당 대기·실행 작업 최대 {per_session}개, 주소 하나당 {per_group}개 "
                              "({refused}번 거절)"),
    "classroom.at_once": ("at once: {gpu} generation jobs, {cpu} sentiment/dataset requests, {bulk} file runs",
                          "동시 실행: 생성 작업 {gpu}개, 감정 분석·데이터셋 요청 {cpu}개, 파일 전체 실행 {bulk}개"),
    # the class controls in the teacher section (tabs.classroom.teacher_panel)
    "teacher.title": ("Class controls", "수업 관리"),
    "teacher.only": (
        "Only the teacher can use these controls: sign in with the teacher's account (the first `--auth` login), "
        "or, with no password set, open the playground on the computer that runs it.",
        "이 기능은 선생님만 쓸 수 있습니다. 선생님 계정(`--auth`로 처음 지정한 로그인)으로 들어오거나, 비밀번호 없이 "
        "실행했다면 플레이그라운드를 실행한 컴퓨터에서 여세요.",
    ),
    "teacher.refused": ("Only the teacher can do this.", "선생님만 할 수 있는 일입니다."),
    "teacher.which": ("Pause or resume", "멈추거나 다시 열 대상"),
    "teacher.everyone": ("The whole class (every tab)", "반 전체 (모든 탭)"),
    "teacher.pause": ("⏸️ Pause", "⏸️ 멈추기"),
    "teacher.resume": ("▶️ Resume", "▶️ 다시 열기"),
    "teacher.clear": ("🧹 Clear the queue", "🧹 대기열 비우기"),
    "teacher.refresh": ("Refresh the list", "목록 새로고침"),
    "teacher.auto": ("Refresh every 10 seconds", "10초마다 새로고침"),
    "teacher.running_all": ("▶️ Every tab runs.", "▶️ 모든 탭이 실행 중입니다."),
    "teacher.paused_all": ("⏸️ Paused: the whole class. Students' new runs are refused until you resume.",
                           "⏸️ 반 전체를 멈췄습니다. 다시 열 때까지 학생들의 새 실행은 거절됩니다."),
    "teacher.paused_tabs": ("⏸️ Paused: {tabs}. Students' new runs there are refused until you resume; the other "
                            "tabs run.",
                            "⏸️ 멈춘 탭: {tabs}. 다시 열 때까지 이 탭에서 학생들의 새 실행은 거절됩니다. 다른 탭은 "
                            "그대로 실행됩니다."),
    "teacher.yours_go": ("Your own runs still go, so you can show the class.",
                         "선생님의 실행은 그대로 되므로 반 전체에 시연할 수 있습니다."),
    "teacher.cleared": ("🧹 {count} waiting requests were taken out of the queue; their students see why.",
                        "🧹 기다리던 요청 {count}개를 대기열에서 뺐습니다. 해당 학생들에게 이유가 표시됩니다."),
    "teacher.nobody": ("Nobody is waiting and nothing is running.", "기다리거나 실행 중인 요청이 없습니다."),
    "teacher.tabs_header": ("| tab | waiting | running | longest |", "| 탭 | 대기 | 실행 중 | 가장 오래 |"),
    "teacher.people_header": ("| who | tab | state | for |", "| 누구 | 탭 | 상태 | 시간 |"),
    "teacher.waiting": ("waiting", "대기"),
    "teacher.running": ("running", "실행 중"),
    "teacher.you": ("you (teacher)", "선생님"),
    "teacher.other_tab": ("other", "기타"),
    "teacher.more": ("… and {count} more", "… 외 {count}개"),
    "teacher.seconds": ("{n} s", "{n}초"),
    "teacher.minutes": ("{m} min {n} s", "{m}분 {n}초"),
    "teacher.checked": ("Checked at {time}.", "{time}에 확인했습니다."),
    # a model's license in plain words, on its card (tabs.common.model_card; playground.licenses)
    "license.plain": ("In plain words: {use} · {share} · {commercial}. {condition}",
                      "쉽게 말하면: {use} · {share} · {commercial}. {condition}"),
    "license.use": ("use what it makes", "결과물 쓰기"),
    "license.share": ("share it", "나누기"),
    "license.commercial": ("commercial use", "상업적 이용"),
    "license.yes": ("✅", "✅"),
    "license.no": ("❌", "❌"),
    "license.limited": ("⚠️ with conditions", "⚠️ 조건부"),
    "license.read": ("❔ read the license", "❔ 라이선스 확인"),
    "license.plain_read": ("In plain words: {condition}", "쉽게 말하면: {condition}"),
    "license.cond.notice": ("Keep the license and copyright notice when you share the model itself.",
                            "모델 자체를 나눌 때는 라이선스와 저작권 표시를 함께 두세요."),
    "license.cond.credit": ("Credit the authors when you share it.", "나눌 때 만든 사람을 밝히세요."),
    "license.cond.sa": ("Credit the authors; what you build from the model is shared under the same license.",
                        "만든 사람을 밝히고, 이 모델로 만든 모델은 같은 라이선스로 나눠야 합니다."),
    "license.cond.nc": ("Credit the authors, and never use it to earn money (NC: non-commercial). Fine for a class.",
                        "만든 사람을 밝히고, 돈을 버는 데는 쓸 수 없습니다 (비영리 조건). 수업에서는 괜찮습니다."),
    "license.cond.nc_sa": ("Credit the authors, never use it to earn money (NC: non-commercial), and share what you "
                           "build from the model under the same license. Fine for a class.",
                           "만든 사람을 밝히고, 돈을 버는 데는 쓸 수 없으며 (비영리 조건), 이 모델로 만든 모델은 같은 "
                           "라이선스로 나눠야 합니다. 수업에서는 괜찮습니다."),
    "license.cond.openrail": ("Use restrictions: never to break the law, harm or deceive people, or discriminate "
                              "(the license lists them); whoever you give the model to must follow them too.",
                              "사용 제한이 있습니다: 법을 어기거나, 사람을 해치거나 속이거나, 차별하는 데 쓰면 안 "
                              "됩니다 (라이선스에 목록이 있습니다). 모델을 받은 사람도 이 제한을 지켜야 합니다."),
    "license.cond.stability": ("Free for learning, research and non-commercial use; commercial use is free only "
                               "below US$1 million of yearly revenue. Follow Stability AI's Acceptable Use Policy.",
                               "학습, 연구, 비영리 목적은 무료입니다. 상업적 이용은 연 매출 100만 달러 미만일 때만 "
                               "무료입니다. 스테빌리티 AI의 허용 사용 정책을 지켜야 합니다."),
    "license.cond.llama": ("Follow Meta's Acceptable Use Policy and credit Llama when you share it; services with "
                           "over 700 million monthly users need Meta's permission. Read the license for details.",
                           "메타의 허용 사용 정책을 지키고, 나눌 때 라마 기반임을 밝혀야 합니다. 월 사용자 "
                           "7억 명이 넘는 서비스는 메타의 허락이 필요합니다. 자세한 내용은 라이선스를 읽어 보세요."),
    "license.cond.gemma": ("Follow Google's Prohibited Use Policy for Gemma, and pass these terms on when you share "
                           "the model. Read the terms for details.",
                           "구글의 젬마 금지 사용 정책을 지키고, 모델을 나눌 때 이 약관도 함께 전해야 합니다. 자세한 "
                           "내용은 약관을 읽어 보세요."),
    "license.cond.other": ("The model has a license of its own: read it on the model's page before you share or "
                           "sell what it makes.",
                           "이 모델에는 자체 라이선스가 있습니다. 결과물을 나누거나 팔기 전에 모델 페이지에서 "
                           "라이선스를 읽어 보세요."),
    "license.cond.unknown": ("Not summarised here: read the license before you share or sell what it makes.",
                             "여기서는 요약하지 않았습니다. 결과물을 나누거나 팔기 전에 라이선스를 읽어 보세요."),
    # the System panel (tabs.system.render), one language at a time
    "system.device": ("Where models run", "모델이 실행되는 곳"),
    "system.device_line": ("{where} · {models} · {precision}", "{where} · {models} · {precision}"),
    "system.where_cpu": ("this computer's processor (CPU)", "이 컴퓨터의 CPU"),
    "system.where_cuda": ("this computer's NVIDIA graphics card (GPU)", "이 컴퓨터의 NVIDIA 그래픽카드(GPU)"),
    "system.where_mps": ("this Mac's graphics chip (GPU)", "이 Mac의 그래픽 칩(GPU)"),
    "system.where_zerogpu": ("a shared Hugging Face GPU, lent for each run (ZeroGPU)",
                             "실행할 때마다 빌려 쓰는 Hugging Face 공용 GPU (ZeroGPU)"),
    "system.models_cpu": ("the catalog's small models, picked for a computer without a GPU",
                          "GPU 없는 컴퓨터용으로 고른 카탈로그의 작은 모델"),
    "system.models_gpu": ("the catalog's larger models, picked for a GPU", "GPU용으로 고른 카탈로그의 큰 모델"),
    "system.precision_full": ("numbers at full precision (32-bit)", "32비트 정밀도로 계산"),
    "system.precision_half": ("numbers at half precision (16-bit: faster, half the memory)",
                              "16비트 정밀도로 계산 (더 빠르고 메모리를 절반만 씀)"),
    "system.cache": ("Models in memory", "메모리에 올린 모델"),
    "system.cache_line": ("{held} in memory{budget} · runs that found their model already loaded: {hits} · models "
                          "loaded into memory: {misses} · runs that waited for a model another run was loading: "
                          "{shared} · models taken out of memory to make room: {evictions} · models that could not "
                          "be loaded: {failures}",
                          "메모리에 {held}{budget} · 모델이 이미 올라와 있던 실행 {hits}번 · 메모리에 새로 올린 모델 "
                          "{misses}번 · 다른 실행이 올리던 모델을 기다려 함께 쓴 실행 {shared}번 · 자리를 만들려고 "
                          "메모리에서 내린 모델 {evictions}번 · 올리지 못한 모델 {failures}번"),
    "system.budget": (" of {budget} allowed", " (최대 {budget})"),
    "system.loading": ("Loading now", "지금 올리는 중"),
    "system.no_model": ("No model is in memory yet: each is loaded the first time someone uses it.",
                        "아직 메모리에 올린 모델이 없습니다. 모델은 누군가 처음 쓸 때 올라갑니다."),
    "system.models_header": ("| model | memory used | time to load | times used |",
                             "| 모델 | 메모리 사용량 | 올리는 데 걸린 시간 | 쓴 횟수 |"),
    "system.hub": ("Hugging Face Hub (where models are downloaded from)", "Hugging Face Hub (모델을 내려받는 곳)"),
    "system.hub_yes": ("reachable: a model not downloaded yet is downloaded the first time it is used",
                       "연결됨: 아직 내려받지 않은 모델은 처음 쓸 때 내려받습니다"),
    "system.hub_no": ("not reachable: only the models already downloaded to this computer can run",
                      "연결 안 됨: 이 컴퓨터에 이미 내려받은 모델만 쓸 수 있습니다"),
    "system.catalog_header": ("| model (from the catalog) | tab | downloaded to this computer? | size on disk |",
                              "| 모델 (카탈로그) | 탭 | 이 컴퓨터에 내려받았나요? | 디스크 용량 |"),
    "system.where_folder": ("📁 yes, a folder on this computer", "📁 네, 이 컴퓨터의 폴더"),
    "system.where_cache": ("✅ yes", "✅ 네"),
    "system.where_missing": ("⬇️ not downloaded yet (`{command} --prepare` downloads it before class)",
                             "⬇️ 아직 내려받지 않음 (수업 전에 `{command} --prepare`로 내려받기)"),
    "system.batch_header": ("| model answering several texts at once | batches run | texts | largest batch |",
                            "| 여러 텍스트를 한 번에 처리한 모델 | 처리한 묶음 수 | 텍스트 수 | 가장 큰 묶음 |"),
    "system.diagnostics": ("System: models, memory and downloads", "시스템: 모델, 메모리, 내려받기"),
    # logging out (tabs.classroom.login_routes) and signing in with Hugging Face (tabs.signin)
    "classroom.logout": ("Log out", "로그아웃"),
    "classroom.logout_question": ("Log out of the playground in this browser?",
                                  "이 브라우저에서 플레이그라운드를 로그아웃할까요?"),
    "classroom.logout_elsewhere": ("Log out from this playground's own page.",
                                   "이 플레이그라운드 페이지에서 로그아웃하세요."),
    "signin.button": ("Sign in with Hugging Face", "Hugging Face로 로그인"),
    "signin.sign_out": ("Sign out", "로그아웃"),
}
