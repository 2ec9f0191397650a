"""Strings of the classroom features (sharing, QR code, rate limits). Each key: (English, Korean); see tabs/i18n.py."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "classroom.title": ("Share with your class", "수업에서 함께 쓰기"),
    "classroom.links": ("Addresses and QR codes for students", "학생용 주소와 QR 코드"),
    # issue 13 (teacher): the page's frame, the share control, the teacher section, the System panel
    "app.start": ("Pick a tab and try an example.", "탭을 고르고 예시를 눌러 보세요."),
    "classroom.share": ("📱 Share with the class", "📱 수업에 공유"),
    "classroom.teacher": ("For teachers", "교사용"),
    "classroom.teacher_intro": (
        "Every tab runs open models from the Hugging Face Hub on this playground's shared engine, and shows the "
        "model's license and the Python that reproduces its result. **📱 Share with the class** at the top of the "
        "page shows the students' address as a large QR code; the addresses, the fair-use settings and the "
        "diagnostics are below.",
        "모든 탭은 Hugging Face Hub의 공개 모델을 이 플레이그라운드의 공용 엔진에서 실행하고, 모델의 라이선스와 같은 "
        "결과를 내는 파이썬 코드를 보여 줍니다. 페이지 위쪽의 **📱 수업에 공유** 버튼을 누르면 학생용 주소가 큰 QR "
        "코드로 나옵니다. 주소 목록, 공정 사용 설정, 진단 정보는 아래에 있습니다.",
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
    # the System panel (tabs.system.render), one language at a time
    "system.device": ("Device", "장치"),
    "system.cache": ("Cache", "캐시"),
    "system.cache_line": ("{held} in memory{budget} · found already loaded: {hits} times · loaded from disk: "
                          "{misses} times · loads that waiting requests shared: {shared} · models unloaded to make "
                          "room: {evictions} · loads that failed: {failures}",
                          "메모리에 {held}{budget} · 이미 불러와 있던 경우 {hits}번 · 디스크에서 새로 불러온 경우 "
                          "{misses}번 · 기다리던 요청이 함께 쓴 불러오기 {shared}번 · 자리를 비우려고 내린 모델 "
                          "{evictions}개 · 불러오기에 실패한 경우 {failures}번"),
    "system.budget": (" of {budget} budget", " (한도 {budget})"),
    "system.loading": ("Loading", "불러오는 중"),
    "system.no_model": ("No model loaded yet: each loads on first use.",
                        "아직 불러온 모델이 없습니다. 모델은 처음 쓸 때 불러옵니다."),
    "system.models_header": ("| model | memory | load time | hits |", "| 모델 | 메모리 | 불러온 시간 | 사용 횟수 |"),
    "system.hub": ("Hugging Face Hub", "Hugging Face Hub"),
    "system.hub_yes": ("reachable", "연결됨"),
    "system.hub_no": ("not reachable — models load from this machine only",
                      "연결 안 됨 — 모델은 이 컴퓨터에 있는 것만 불러옵니다"),
    "system.catalog_header": ("| catalog model | task | on this machine | size on disk |",
                              "| 카탈로그 모델 | 작업 | 이 컴퓨터에 | 디스크 크기 |"),
    "system.where_folder": ("local folder", "로컬 폴더"),
    "system.where_cache": ("✅ cached", "✅ 저장됨"),
    "system.where_missing": ("❌ not yet (python app.py --prepare)", "❌ 아직 없음 (python app.py --prepare)"),
    "system.batch_header": ("| batched model | forward passes | texts | largest batch |",
                            "| 묶음 처리 모델 | 실행 횟수 | 텍스트 수 | 가장 큰 묶음 |"),
    "system.diagnostics": ("System (diagnostics)", "시스템 (진단 정보)"),
    # logging out (tabs.classroom.login_routes) and signing in with Hugging Face (tabs.signin)
    "classroom.logout": ("Log out", "로그아웃"),
    "classroom.logout_question": ("Log out of the playground in this browser?",
                                  "이 브라우저에서 플레이그라운드를 로그아웃할까요?"),
    "classroom.logout_elsewhere": ("Log out from this playground's own page.",
                                   "이 플레이그라운드 페이지에서 로그아웃하세요."),
    "signin.button": ("Sign in with Hugging Face", "Hugging Face로 로그인"),
    "signin.sign_out": ("Sign out", "로그아웃"),
}
