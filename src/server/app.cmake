# The pvf web application (handlers over the store); included from the top-level CMakeLists
# after src/server (the HTTP transport, pvf_http).
set(S ${PROJECT_SOURCE_DIR}/src/server)
add_library(pvf_server STATIC
  ${S}/app.cpp ${S}/json_body.cpp ${S}/health_handlers.cpp ${S}/session_handlers.cpp
  ${S}/framework_handlers.cpp ${S}/body_handlers.cpp ${S}/assessment_handlers.cpp
  ${S}/dialogue_handlers.cpp ${S}/admin_handlers.cpp ${S}/scorecard_handlers.cpp
  ${S}/scorecard_view.cpp ${S}/export.cpp ${S}/xlsx_file.cpp
  ${S}/indicator_handlers.cpp ${S}/measure_handlers.cpp ${S}/import_handlers.cpp
  ${S}/measure_views.cpp ${S}/indicator_views.cpp ${S}/goal_views.cpp ${S}/signals_view.cpp
  ${S}/observations_export.cpp ${S}/json_text.cpp ${S}/jobs.cpp ${S}/job_events.cpp
  ${S}/job_handlers.cpp ${S}/benchmark_handlers.cpp ${S}/linkage_handlers.cpp)
target_include_directories(pvf_server PUBLIC ${PROJECT_SOURCE_DIR}/src)
target_compile_definitions(pvf_server PRIVATE PVF_VERSION="${PROJECT_VERSION}")
target_link_libraries(pvf_server PUBLIC pvf_http pvf_store pvf_measure pvf_framework pvf_core
                      PRIVATE PkgConfig::XLSXWRITER)

pvf_add_tests(pvf_server_tests
  SOURCES ${S}/app_test.cpp ${S}/app_roles_test.cpp ${S}/export_test.cpp ${S}/test_fixture.cpp
          ${S}/measure_api_test.cpp ${S}/json_text_test.cpp ${S}/jobs_test.cpp
          ${S}/job_events_test.cpp ${S}/benchmark_api_test.cpp ${S}/linkage_api_test.cpp
  LIBS pvf_server pvf_demo)
